package org.foundryrelay.auth;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.foundryrelay.testing.RelayExtension;

/** The x-api-key check over real HTTP: each refusal body, key state changes taking effect at once. */
class ApiKeyAuthTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of());



    private static int status(String key) {
        return Http.get(env.relay().uri("/api/key"), "x-api-key", key).statusCode();
    }

    @Test
    void missingKeyIs401WithTheEstablishedBody() {
        var r = Http.get(env.relay().uri("/api/key"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("{\"error\":\"API key is required\","
                + "\"message\":\"Send the key as x-api-key: <key> or Authorization: Bearer <key>\"}");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void unknownKeyIs401() {
        var r = Http.get(env.relay().uri("/api/key"), "x-api-key", "0".repeat(64));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("{\"error\":\"Invalid API key\"}");
    }

    @Test
    void validKeyDescribesItself() {
        var key = env.relay().key("describe", "roll:read,clients:read", "--client", "fvtt_0123456789abcdef",
                "--foundry-user", "Gamemaster", "--foundry-user", "fvtt_0123456789abcdef=Alice");
        var r = Http.get(env.relay().uri("/api/key"), "X-Api-Key", key);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"account\":\"describe\"", "\"roll:read\"", "\"clients:read\"",
                "\"clientIds\":[\"fvtt_0123456789abcdef\"]", "\"foundryUser\":\"Gamemaster\"",
                "\"foundryUsers\":{\"fvtt_0123456789abcdef\":\"Alice\"}");
        assertThat(r.body()).doesNotContain(key);
    }

    @Test
    void disablingAndEnablingTakeEffectOnTheNextRequest() {
        var key = env.relay().key("toggle", "all");
        var id = Http.get(env.relay().uri("/api/key"), "x-api-key", key).body().replaceAll(".*\"keyId\":\"([^\"]+)\".*", "$1");
        assertThat(env.relay().cli("keys", "disable", id).exitCode()).isZero();
        var refused = Http.get(env.relay().uri("/api/key"), "x-api-key", key);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).isEqualTo("{\"error\":\"API key is disabled\"}");
        assertThat(env.relay().cli("keys", "enable", id).exitCode()).isZero();
        assertThat(status(key)).isEqualTo(200);
    }

    @Test
    void anExpiredKeyIsRefused() throws Exception {
        var key = env.relay().key("expiry", "all", "--expires", Instant.now().plusMillis(1500).toString());
        assertThat(status(key)).isEqualTo(200);
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> status(key) == 401);
        var r = Http.get(env.relay().uri("/api/key"), "x-api-key", key);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("{\"error\":\"API key has expired\"}");
    }

    @Test
    void monthlyLimitRefusesOnceReached() {
        var key = env.relay().key("monthly", "all", "--monthly-limit", "2");
        assertThat(status(key)).isEqualTo(200);
        assertThat(status(key)).isEqualTo(200);
        var r = Http.get(env.relay().uri("/api/key"), "x-api-key", key);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).isEqualTo("{\"error\":\"Scoped key monthly request limit exceeded\"}");
    }

    @Test
    void rateLimitHeadersCountDownAndThen429WithRetryAfter() {
        try (var limited = TestRelay.start(Map.of("PER_MINUTE_REQUEST_LIMIT", "3"))) {
            var key = limited.key("limited", "all");
            for (int remaining = 2; remaining >= 0; remaining--) {
                var r = Http.get(limited.uri("/api/key"), "x-api-key", key);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("RateLimit-Limit")).hasValue("3");
                assertThat(r.headers().firstValue("RateLimit-Remaining")).hasValue(Integer.toString(remaining));
                assertThat(Long.parseLong(r.headers().firstValue("RateLimit-Reset").orElseThrow())).isBetween(1L, 60L);
            }
            var r = Http.get(limited.uri("/api/key"), "x-api-key", key);
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.body()).isEqualTo("{\"error\":\"Too many API requests, please slow down\"}");
            assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
            assertThat(r.headers().firstValue("RateLimit-Remaining")).hasValue("0");

            var other = limited.key("limited2", "all");
            assertThat(Http.get(limited.uri("/api/key"), "x-api-key", other).statusCode())
                    .as("the limit is per key").isEqualTo(200);
        }
    }

    @Test
    void aKeyMayComeAsABearerToken() {
        var key = env.relay().key("bearer", "all");
        assertThat(Http.get(env.relay().uri("/api/key"), "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
        assertThat(Http.get(env.relay().uri("/api/key"), "Authorization", "bearer " + key).statusCode()).isEqualTo(200);
        var wrong = Http.get(env.relay().uri("/api/key"), "Authorization", "Bearer nope");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("{\"error\":\"Invalid API key\"}");
    }

    @Test
    void guessingKeysFromOneAddressEndsIn429WhileValidKeysPass() {
        try (var relay = org.foundryrelay.testing.TestRelay.start(Map.of("AUTH_FAILURE_LIMIT", "20"))) {
            var valid = relay.key("guessed", "all");
            int unauthorized = 0;
            HttpResponse<String> last = null;
            for (int i = 0; i < 400; i++) {
                last = Http.get(relay.uri("/api/key"), "x-api-key", java.util.UUID.randomUUID().toString());
                if (last.statusCode() == 401) unauthorized++;
                else break;
            }
            assertThat(unauthorized).isEqualTo(20);
            assertThat(last.statusCode()).isEqualTo(429);
            assertThat(last.body()).contains("Too many failed authentication attempts");
            assertThat(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
            assertThat(Http.get(relay.uri("/api/key"), "x-api-key", valid).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void zeroTurnsTheRateLimitOff() {
        try (var unlimited = TestRelay.start(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"))) {
            var key = unlimited.key("free", "all");
            for (int i = 0; i < 5; i++) {
                var r = Http.get(unlimited.uri("/api/key"), "x-api-key", key);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("RateLimit-Limit")).isEmpty();
            }
        }
    }
}
