package org.foundryrelay.clientapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.foundryrelay.json.Json;
import org.foundryrelay.testing.RecordingWorld;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.SimWorlds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** World-to-world calls ({@code remote-request}) and {@code get-known-clients} over {@code /relay}. */
class RemoteRequestsTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"));
    private static final AtomicInteger ids = new AtomicInteger();

    private RecordingWorld connect(String account, String clientId) {
        var world = new RecordingWorld(SimWorlds.world(clientId + "-w"));
        env.sims().connect(env.relay(), clientId, env.relay().connectionToken(account, clientId), world);
        return world;
    }

    private String tokenOf(String account, String clientId) {
        var list = env.relay().cli("tokens", "list", "--account", account).out();
        return list.lines().filter(l -> l.contains("clientId=" + clientId)).findFirst().orElseThrow().split(" ")[0];
    }

    // Sends a remote-request as the module would and returns the relay's remote-response.
    private static ObjectNode call(RecordingWorld from, String target, String action, String payload) throws Exception {
        var id = "rr_" + ids.incrementAndGet() + "_" + action;
        var msg = Json.object().put("type", "remote-request").put("requestId", id).put("targetClientId", target)
                .put("action", action);
        msg.set("payload", Json.parse(payload));
        from.push(msg);
        var reply = from.await(m -> m.path("type").asText().equals("remote-response") && m.path("requestId").asText().equals(id));
        assertThat(reply).as("answer to " + id).isNotNull();
        return reply;
    }

    @Test
    void aWorldCallsAnotherOfItsAccountOnlyAsFarAsItsTokenAllows() throws Exception {
        var a = connect("remote", "fvtt_7000000000000001");
        var b = connect("remote", "fvtt_7000000000000002");
        var stranger = connect("remote-other", "fvtt_7000000000000003");
        var token = tokenOf("remote", "fvtt_7000000000000001");

        var notAllowed = call(a, "fvtt_7000000000000002", "roll", "{\"formula\":\"1d1+2\"}");
        assertThat(notAllowed.toString()).isEqualTo("{\"type\":\"remote-response\",\"requestId\":\"" + notAllowed.path("requestId").asText()
                + "\",\"success\":false,\"error\":\"Target client not allowed for this connection: fvtt_7000000000000002\"}");

        var granted = env.relay().cli("tokens", "allow-targets", token, "fvtt_7000000000000002", "--scopes", "roll:execute,roll:read");
        assertThat(granted.exitCode()).as(granted.err()).isZero();
        var ok = call(a, "fvtt_7000000000000002", "roll", "{\"formula\":\"1d1+2\"}");
        assertThat(ok.path("success").asBoolean()).as(ok.toString()).isTrue();
        assertThat(ok.at("/data/type").asText()).isEqualTo("roll-result");
        assertThat(ok.at("/data/data/roll/total").asInt()).isEqualTo(3);
        assertThat(ok.path("data").has("requestId")).isFalse();
        var forwarded = b.await(m -> m.path("type").asText().equals("roll"));
        assertThat(forwarded.path("_scopes").toString()).as("the token's scopes travel, as for an API key")
                .isEqualTo("[\"roll:read\",\"roll:execute\"]");

        assertThat(call(a, "fvtt_7000000000000002", "encounters", "{}").path("error").asText())
                .isEqualTo("Remote scope not granted: encounter:read");
        assertThat(call(a, "fvtt_7000000000000002", "roll", "{}").path("error").asText())
                .as("the row's own parameter rules").isEqualTo("'formula' is required");
        assertThat(call(a, "fvtt_7000000000000002", "teleport", "{}").path("error").asText()).isEqualTo("Unknown action: teleport");

        // Another account's world can be neither granted nor reached.
        var across = env.relay().cli("tokens", "allow-targets", token, "fvtt_7000000000000003", "--scopes", "roll:execute");
        assertThat(across.exitCode()).isNotZero();
        assertThat(across.err()).contains("no world fvtt_7000000000000003 in the token's account");
        assertThat(env.relay().cli("tokens", "allow-targets", token, "*").exitCode()).isZero();
        assertThat(call(a, "fvtt_7000000000000003", "roll", "{\"formula\":\"1d4\"}").path("error").asText())
                .isEqualTo("Target client is not connected: fvtt_7000000000000003");
        assertThat(stranger.received().stream().noneMatch(m -> m.path("type").asText().equals("roll"))).isTrue();

        // The hourly cap counts the calls that went through.
        assertThat(env.relay().cli("tokens", "allow-targets", token, "*", "--per-hour", "1").exitCode()).isZero();
        assertThat(call(a, "fvtt_7000000000000002", "roll", "{\"formula\":\"1d4\"}").path("error").asText())
                .isEqualTo("remote-request rate limit exceeded (1/hour)");

        var log = env.relay().cli("tokens", "remote-log", "--account", "remote").out();
        assertThat(log.lines().count()).as(log).isEqualTo(7);
        assertThat(log).contains("fvtt_7000000000000001 -> fvtt_7000000000000002  roll  ok")
                .contains("refused  \"Remote scope not granted: encounter:read\"");
        assertThat(env.relay().cli("tokens", "remote-log", "--account", "remote-other").out()).isEmpty();
    }

    @Test
    void knownClientsAreTheWorldsOfTheOwnAccountWithTheTokensGrant() throws Exception {
        var a = connect("known", "fvtt_7100000000000001");
        connect("known", "fvtt_7100000000000002");
        connect("known-other", "fvtt_7100000000000003");
        var token = tokenOf("known", "fvtt_7100000000000001");
        assertThat(env.relay().cli("tokens", "allow-targets", token, "fvtt_7100000000000002", "--scopes", "roll:read").exitCode()).isZero();
        a.push(Json.object().put("type", "get-known-clients").put("requestId", "kc1"));
        var result = a.await(m -> m.path("type").asText().equals("known-clients-result"));
        assertThat(result).isNotNull();
        assertThat(result.path("requestId").asText()).isEqualTo("kc1");
        assertThat(result.path("clients").size()).as(result.toString()).isEqualTo(1);
        var b = result.path("clients").get(0);
        assertThat(b.path("clientId").asText()).isEqualTo("fvtt_7100000000000002");
        assertThat(b.path("isOnline").asBoolean()).isTrue();
        assertThat(b.path("canAutoStart").asBoolean()).isFalse();
        assertThat(result.path("tokenScopes").toString()).isEqualTo("[\"roll:read\"]");
        assertThat(result.path("tokenAllowedTargets").toString()).isEqualTo("[\"fvtt_7100000000000002\"]");
    }
}
