package org.foundryrelay.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.StoreAccess;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.Test;

/** What the operator controls: turning headless sessions off, and what a restart does to sessions left open. */
class SessionOperatorTest {

    @Test
    void withAllowHeadlessFalseEverySessionEndpointAnswers503() {
        try (var relay = TestRelay.start(Map.of("ALLOW_HEADLESS", "false"))) {
            var key = relay.key("off", "session:manage");
            var answers = java.util.List.of(
                    Http.post(relay.uri("/session-handshake"), "", "x-api-key", key, "x-foundry-url", "http://127.0.0.1:30000",
                            "x-username", "Gamemaster"),
                    Http.post(relay.uri("/start-session"), "{\"handshakeToken\":\"t\",\"encryptedPassword\":\"e\"}", "x-api-key", key),
                    Http.method(relay.uri("/end-session?sessionId=x"), "DELETE", null, "x-api-key", key),
                    Http.get(relay.uri("/session"), "x-api-key", key));
            for (var r : answers) {
                assertThat(r.statusCode()).isEqualTo(503);
                var body = SessionApi.json(r);
                assertThat(body.get("error").asText()).isEqualTo("Headless sessions are not available on this relay");
                assertThat(body.get("reason").asText()).isEqualTo("headless-disabled");
                assertThat(body.get("message").asText()).contains("ALLOW_HEADLESS=false");
            }
            assertThat(Http.get(relay.uri("/session")).statusCode()).as("the key still comes first").isEqualTo(401);
        }
    }

    @Test
    void sessionsLeftOpenByAnEarlierRunAreReportedEndedAndTheirTokensRevoked() {
        try (var relay = TestRelay.start(Map.of())) {
            var key = relay.key("leftover", "session:manage");
            var otherKey = relay.key("leftover-other", "session:manage");
            relay.connectionToken("leftover", null);
            var token = StoreAccess.query(relay, "SELECT t.id, t.account_id FROM connection_tokens t JOIN accounts a"
                    + " ON a.id = t.account_id WHERE a.name = 'leftover'").getFirst();
            long then = System.currentTimeMillis() - 60_000;
            var insert = "INSERT INTO headless_sessions (id, account_id, instance_id, token_id, client_id, foundry_url, username,"
                    + " world_name, world_id, world_title, status, started_at, last_activity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            StoreAccess.update(relay, insert, "s-mine", token.get("account_id"), "local", token.get("id"), "fvtt_00000000000000aa",
                    "http://127.0.0.1:30000", "Gamemaster", null, "lost-mine", "Lost Mine", "running", then, then);
            StoreAccess.update(relay, insert, "s-elsewhere", token.get("account_id"), "relay-2", null, null,
                    "http://127.0.0.1:30000", "Gamemaster", null, null, null, "starting", then, then);

            relay.restart();

            var mine = StoreAccess.query(relay, "SELECT status, end_reason, ended_at FROM headless_sessions WHERE id = 's-mine'").getFirst();
            assertThat(mine.get("status")).isEqualTo("ended");
            assertThat(mine.get("end_reason")).isEqualTo("relay-restarted");
            assertThat(StoreAccess.query(relay, "SELECT revoked_at FROM connection_tokens WHERE id = ?", token.get("id")).getFirst()
                    .get("revoked_at")).isNotNull();
            assertThat(StoreAccess.query(relay, "SELECT status FROM headless_sessions WHERE id = 's-elsewhere'").getFirst()
                    .get("status")).as("another instance's session is not this relay's to end").isEqualTo("starting");

            var listing = SessionApi.json(Http.get(relay.uri("/session"), "x-api-key", key));
            assertThat(listing.get("activeSessions")).isEmpty();
            assertThat(listing.get("endedSessions")).singleElement().satisfies(s -> {
                assertThat(s.get("sessionId").asText()).isEqualTo("s-mine");
                assertThat(s.get("endReason").asText()).isEqualTo("relay-restarted");
                assertThat(s.get("clientId").asText()).isEqualTo("fvtt_00000000000000aa");
                assertThat(s.get("worldTitle").asText()).isEqualTo("Lost Mine");
            });
            assertThat(SessionApi.json(Http.get(relay.uri("/session"), "x-api-key", otherKey)).get("endedSessions")).isEmpty();
        }
    }
}
