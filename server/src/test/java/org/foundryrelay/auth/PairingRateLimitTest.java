package org.foundryrelay.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.Pairings;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.Test;

/** The per-address limit on the unauthenticated pairing endpoints. */
class PairingRateLimitTest {
    private static final String TOO_MANY =
            "{\"error\":\"Too many pairing attempts from this address, please try again later\"}";

    @Test
    void theFourthAttemptInAMinuteIsRefusedWithRetryAfter() {
        try (var relay = TestRelay.start(Map.of("PAIRING_RATE_LIMIT", "3"))) {
            for (int i = 0; i < 3; i++) {
                assertThat(Http.post(relay.uri("/auth/pair"), "{\"code\":\"ZZZZZZ\"}").statusCode()).isEqualTo(404);
            }
            var refused = Http.post(relay.uri("/auth/pair"), "{\"code\":\"ZZZZZZ\"}");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).isEqualTo(TOO_MANY);
            assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 60);

            for (var probe : new String[] {"/api/clients/fvtt_1/active", "/auth/pair-request/NOSUCH22/status", "/pair/NOSUCH22"}) {
                assertThat(Http.get(relay.uri(probe)).statusCode()).as(probe).isEqualTo(429);
            }
            assertThat(Http.post(relay.uri("/auth/pair-request"), "{\"worldId\":\"w\"}").statusCode()).isEqualTo(429);
            assertThat(Http.post(relay.uri("/api/self-unpair"), "{\"token\":\"x\"}").statusCode()).isEqualTo(429);
            assertThat(Http.get(relay.uri("/health")).statusCode()).as("other endpoints are not affected").isEqualTo(200);
        }
    }

    @Test
    void pollingAnExistingRequestIsNotChargedButGuessingIs() {
        try (var relay = TestRelay.start(Map.of("PAIRING_RATE_LIMIT", "3"))) {
            var created = Http.post(relay.uri("/auth/pair-request"), "{\"worldId\":\"w\"}");
            var code = Pairings.json(created).get("code").asText();
            for (int i = 0; i < 25; i++) {
                var poll = Http.get(relay.uri("/auth/pair-request/" + code + "/status"));
                assertThat(poll.statusCode()).as("poll " + i).isEqualTo(200);
            }
            assertThat(Http.get(relay.uri("/pair/" + code)).statusCode()).isEqualTo(200);
            assertThat(Http.get(relay.uri("/auth/pair-request/GUESS222/status")).statusCode()).isEqualTo(404);
            assertThat(Http.get(relay.uri("/auth/pair-request/GUESS333/status")).statusCode()).isEqualTo(404);
            assertThat(Http.get(relay.uri("/auth/pair-request/GUESS444/status")).statusCode()).isEqualTo(429);
        }
    }
}
