package org.foundryrelay.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.foundryrelay.testing.AccountApi;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.StoreAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The activity log records forwarded writes and account changes, filters them, prunes them, and holds no secret. */
class AuditLogTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("DISABLE_REGISTRATION", "false", "AUDIT_RETENTION_DAYS", "30"));

    @Test
    void aForwardedWriteIsRecordedWithItsKeyAndWorldAndTheStoreHoldsNoSecret() throws IOException {
        var relay = env.relay();
        var api = new AccountApi(relay);
        var password = "Audit-Pass-77";
        var session = api.register("auditor@example.com", password);
        var clientId = "fvtt_b000000000000001";
        var connectionToken = relay.connectionToken("auditor", clientId);
        env.sims().connect(relay, clientId, connectionToken, org.foundryrelay.testing.SimWorlds.world("audit-world"));
        var created = api.createKey(session, "dice-bot", "roll:execute", "roll:read");
        var key = created.path("key").asText();
        var keyId = created.path("id").asText();

        assertThat(Http.post(relay.uri("/roll"), "{\"formula\":\"1d1+1\",\"flavor\":\"secret flavour\"}", "x-api-key", key)
                .statusCode()).isEqualTo(200);
        assertThat(Http.get(relay.uri("/rolls"), "x-api-key", key).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> api.call("GET", "/auth/activity?keyId=" + keyId, session, null)
                .body().toString().contains("POST /roll"));
        var entries = api.call("GET", "/auth/activity?keyId=" + keyId, session, null).body().path("activity");
        var actions = new java.util.ArrayList<String>();
        entries.forEach(e -> actions.add(e.path("action").asText()));
        assertThat(actions).as("reads are not recorded").containsExactly("POST /roll", "key.created");
        var write = entries.get(0);
        assertThat(write.path("action").asText()).isEqualTo("POST /roll");
        assertThat(write.path("keyName").asText()).isEqualTo("dice-bot");
        assertThat(write.path("clientId").asText()).isEqualTo(clientId);
        assertThat(write.path("status").asInt()).isEqualTo(200);
        assertThat(write.path("ms").asLong()).isGreaterThanOrEqualTo(0);

        var all = api.call("GET", "/auth/activity", session, null).body().toString();
        assertThat(all).contains("key.created").contains("session.started").contains("world.connected").contains("account.created");
        assertThat(api.call("GET", "/auth/activity?clientId=fvtt_other", session, null).body().path("total").asInt()).isZero();
        assertThat(api.call("GET", "/auth/activity?since=2999-01-01", session, null).body().path("total").asInt()).isZero();
        assertThat(api.call("GET", "/auth/activity?since=nonsense", session, null).status()).isEqualTo(400);

        api.call("DELETE", "/auth/api-keys/" + keyId, session, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> api.call("GET", "/auth/activity", session, null).body().toString()
                .contains("key.revoked"));

        // Every secret that passed through the relay, searched for in the store's files.
        var store = new StringBuilder();
        try (var files = Files.list(relay.dataDir())) {
            for (var f : files.filter(p -> p.getFileName().toString().startsWith("relay.db")).toList()) {
                store.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(store.toString()).contains(keyId).contains(clientId)
                .doesNotContain(key).doesNotContain(session).doesNotContain(password).doesNotContain(connectionToken)
                .doesNotContain("secret flavour");
    }

    @Test
    void writesOverTheClientWebSocketAreRecordedWithTheirTransport() {
        var relay = env.relay();
        var api = new AccountApi(relay);
        var session = api.register("socket-auditor@example.com", "Audit-Pass-78");
        var clientId = "fvtt_b000000000000002";
        env.sims().connect(relay, clientId, relay.connectionToken("socket-auditor", clientId),
                org.foundryrelay.testing.SimWorlds.world("audit-socket-world"));
        var created = api.createKey(session, "overlay", "roll:execute");
        var key = created.path("key").asText();
        try (var ws = org.foundryrelay.testing.ApiSocket.connect(relay, key, clientId)) {
            var reply = ws.call("{\"type\":\"roll\",\"requestId\":\"r1\",\"formula\":\"1d1\"}");
            assertThat(reply.path("type").asText()).isEqualTo("roll-result");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> api.call("GET", "/auth/activity?keyId=" + created.path("id").asText(),
                session, null).body().toString().contains("websocket roll"));
    }

    @Test
    void entriesOlderThanTheRetentionAreRemoved() {
        var relay = env.relay();
        long old = System.currentTimeMillis() - Duration.ofDays(31).toMillis();
        long recent = System.currentTimeMillis() - Duration.ofDays(29).toMillis();
        StoreAccess.update(relay, "INSERT INTO audit_log (id, at, account_id, action) VALUES ('old-1', ?, 'acc_x', 'test')", old);
        StoreAccess.update(relay, "INSERT INTO audit_log (id, at, account_id, action) VALUES ('recent-1', ?, 'acc_x', 'test')", recent);
        relay.restart();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                StoreAccess.query(relay, "SELECT id FROM audit_log WHERE account_id = 'acc_x'").size() == 1);
        assertThat(StoreAccess.query(relay, "SELECT id FROM audit_log WHERE account_id = 'acc_x'").getFirst().get("id"))
                .isEqualTo("recent-1");
    }
}
