package org.foundryrelay.clientapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.foundryrelay.testing.ApiSocket;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.ScriptedWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /ws/api} against the real relay and simulated worlds over real sockets. */
class ClientApiTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0",
            "WS_API_MAX_SOCKETS_PER_KEY", "3"));

    private void world(String account, String clientId) {
        env.sims().connect(env.relay(), account, clientId);
    }

    @Test
    void aClientConnectsRollsAndStartsACombatEachAnsweredByItsRequestId() {
        world("ws-basic", "fvtt_5000000000000001");
        var key = env.relay().key("ws-basic", "roll:execute,encounter:manage,encounter:read");
        try (var ws = ApiSocket.open(env.relay(), "")) {
            ws.send("{\"type\":\"auth\",\"token\":\"" + key + "\"}");
            var welcome = ws.next(WAIT);
            assertThat(welcome.path("type").asText()).isEqualTo("connected");
            assertThat(welcome.path("clientId").asText()).isEqualTo("fvtt_5000000000000001");
            assertThat(welcome.path("supportedTypes").toString()).contains("\"roll\"", "\"start-encounter\"", "\"encounters\"");
            assertThat(welcome.path("eventChannels").toString()).contains("roll-events", "combat-events");

            ws.send("{\"type\":\"roll\",\"requestId\":\"r-1\",\"formula\":\"1d1+4\"}");
            ws.send("{\"type\":\"start-encounter\",\"requestId\":\"e-1\",\"startWithPlayers\":true}");
            var replies = new HashMap<String, JsonNode>();
            for (int i = 0; i < 2; i++) {
                var m = ws.next(WAIT);
                replies.put(m.path("requestId").asText(), m);
            }
            var roll = replies.get("r-1");
            assertThat(roll.path("type").asText()).isEqualTo("roll-result");
            assertThat(roll.path("clientId").asText()).isEqualTo("fvtt_5000000000000001");
            assertThat(roll.at("/data/roll/total").asInt()).as(roll.toString()).isEqualTo(5);
            var started = replies.get("e-1");
            assertThat(started.path("type").asText()).isEqualTo("start-encounter-result");
            assertThat(started.path("error").isMissingNode()).as(started.toString()).isTrue();
            var list = ws.call("{\"type\":\"encounters\",\"requestId\":42}");
            assertThat(list.path("requestId").isNumber()).as("the id comes back as sent").isTrue();
            assertThat(list.path("encounters").size()).isEqualTo(1);
        }
    }

    @Test
    void twoHundredConcurrentRequestsOverOneSocketAreEachAnsweredOnceToTheirOwnId() {
        world("ws-many", "fvtt_5000000000000002");
        var key = env.relay().key("ws-many", "roll:execute");
        try (var ws = ApiSocket.connect(env.relay(), key, null)) {
            for (int i = 0; i < 200; i++) {
                ws.send("{\"type\":\"roll\",\"requestId\":\"q" + i + "\",\"formula\":\"1d1+" + i + "\"}");
            }
            var seen = new HashMap<String, Integer>();
            for (int i = 0; i < 200; i++) {
                var m = ws.next(Duration.ofSeconds(10));
                assertThat(m).as("answer " + i).isNotNull();
                var id = m.path("requestId").asText();
                assertThat(seen.put(id, m.at("/data/roll/total").asInt())).as("answered once: " + id).isNull();
            }
            for (int i = 0; i < 200; i++) assertThat(seen.get("q" + i)).as("q" + i).isEqualTo(1 + i);
            assertThat(ws.next(Duration.ofMillis(300))).as("nothing more").isNull();
        }
    }

    @Test
    void aTypeTheKeyLacksTheScopeForIsRefusedAndTheSocketStaysUsable() {
        world("ws-scope", "fvtt_5000000000000003");
        var key = env.relay().key("ws-scope", "roll:read");
        try (var ws = ApiSocket.connect(env.relay(), key, null)) {
            var refused = ws.call("{\"type\":\"roll\",\"requestId\":\"x\",\"formula\":\"1d20\"}");
            assertThat(refused.toString())
                    .isEqualTo("{\"type\":\"error\",\"requestId\":\"x\",\"error\":\"API key lacks required scope: roll:execute\",\"status\":403}");
            var rolls = ws.call("{\"type\":\"rolls\",\"requestId\":\"y\"}");
            assertThat(rolls.path("type").asText()).isEqualTo("rolls-result");
            assertThat(rolls.has("error")).isFalse();
        }
    }

    @Test
    void malformedFramesAreAnsweredWithErrorsAndTheSocketStaysOpen() {
        world("ws-errors", "fvtt_5000000000000004");
        var key = env.relay().key("ws-errors", "roll:execute");
        try (var ws = ApiSocket.connect(env.relay(), key, null)) {
            ws.send("{not json");
            assertThat(ws.next(WAIT).path("error").asText()).isEqualTo("Invalid JSON");
            ws.send("{\"requestId\":\"a\"}");
            assertThat(ws.next(WAIT).path("error").asText()).isEqualTo("Missing \"type\" field");
            var unknown = ws.call("{\"type\":\"teleport\",\"requestId\":\"b\"}");
            assertThat(unknown.path("error").asText()).isEqualTo("Unknown message type: \"teleport\"");
            ws.send("{\"type\":\"roll\",\"formula\":\"1d4\"}");
            assertThat(ws.next(WAIT).path("error").asText()).isEqualTo("Missing \"requestId\" field for request messages");
            var invalid = ws.call("{\"type\":\"roll\",\"requestId\":\"c\"}");
            assertThat(invalid.toString()).isEqualTo("{\"type\":\"error\",\"requestId\":\"c\",\"error\":\"'formula' is required\",\"status\":400}");
            var module = ws.call("{\"type\":\"roll\",\"requestId\":\"d\",\"formula\":\"2d\"}");
            assertThat(module.path("type").asText()).isEqualTo("roll-result");
            assertThat(module.path("error").asText()).as("the module's own error").isNotEmpty();
            assertThat(ws.call("{\"type\":\"ping\",\"requestId\":\"p\"}").path("type").asText()).isEqualTo("pong");
            assertThat(ws.closedWithin(Duration.ofMillis(100))).isNull();
        }
    }

    @Test
    void aKeyBoundToOneWorldCannotReachAnother() {
        world("ws-bound", "fvtt_5000000000000005");
        world("ws-bound", "fvtt_5000000000000006");
        var key = env.relay().key("ws-bound", "roll:execute", "--client", "fvtt_5000000000000005");
        try (var ws = ApiSocket.connect(env.relay(), key, null)) {
            var other = ws.call("{\"type\":\"roll\",\"requestId\":\"o\",\"formula\":\"1d4\",\"clientId\":\"fvtt_5000000000000006\"}");
            assertThat(other.path("type").asText()).isEqualTo("error");
            assertThat(other.path("status").asInt()).isEqualTo(403);
            assertThat(other.path("error").asText()).isEqualTo("API key is not authorized for this client");
            var own = ws.call("{\"type\":\"roll\",\"requestId\":\"m\",\"formula\":\"1d4\"}");
            assertThat(own.path("clientId").asText()).isEqualTo("fvtt_5000000000000005");
        }
        try (var ws = ApiSocket.open(env.relay(), "?clientId=fvtt_5000000000000006")) {
            ws.send("{\"type\":\"auth\",\"token\":\"" + key + "\"}");
            assertThat(ws.closedWithin(WAIT)).isEqualTo("4002 API key does not match the specified clientId");
        }
        var stranger = env.relay().key("ws-stranger", "roll:execute");
        try (var ws = ApiSocket.open(env.relay(), "?clientId=fvtt_5000000000000005", "x-api-key", stranger)) {
            assertThat(ws.closedWithin(WAIT)).as("another account's world does not exist for this key")
                    .isEqualTo("4002 Invalid clientId");
        }
    }

    @Test
    void connectionFormsAndTheirFailures() {
        world("ws-forms", "fvtt_5000000000000007");
        var key = env.relay().key("ws-forms", "roll:read");
        try (var ws = ApiSocket.open(env.relay(), "", "x-api-key", key)) {
            assertThat(ws.next(WAIT).path("type").asText()).as("header").isEqualTo("connected");
        }
        try (var ws = ApiSocket.open(env.relay(), "?token=" + key + "&clientId=fvtt_5000000000000007")) {
            assertThat(ws.next(WAIT).path("clientId").asText()).as("query").isEqualTo("fvtt_5000000000000007");
        }
        try (var ws = ApiSocket.open(env.relay(), "")) {
            ws.send("{\"type\":\"auth\",\"token\":\"nope\"}");
            assertThat(ws.closedWithin(WAIT)).isEqualTo("4002 Invalid API key");
        }
        try (var ws = ApiSocket.open(env.relay(), "")) {
            ws.send("{\"type\":\"hello\"}");
            assertThat(ws.closedWithin(WAIT)).isEqualTo("4002 Invalid auth message");
        }
        try (var ws = ApiSocket.open(env.relay(), "")) {
            ws.send("{\"type\":\"auth\",\"token\":\"" + env.relay().connectionToken("ws-forms", "fvtt_5000000000000007") + "\"}");
            assertThat(ws.closedWithin(WAIT)).as("a world's connection token is not an API key").isEqualTo("4002 Invalid API key");
        }
        var lonely = env.relay().key("ws-lonely", "roll:read");
        try (var ws = ApiSocket.open(env.relay(), "", "x-api-key", lonely)) {
            assertThat(ws.closedWithin(WAIT)).isEqualTo("4002 No connected Foundry client found");
        }
    }

    @Test
    void requestsWaitingOnWorldsAreCappedPerSocket() {
        var silent = ScriptedWorld.silent();
        env.sims().connect(env.relay(), "fvtt_5000000000000009", env.relay().connectionToken("ws-busy", "fvtt_5000000000000009"), silent);
        var key = env.relay().key("ws-busy", "roll:read");
        try (var ws = ApiSocket.connect(env.relay(), key, null)) {
            for (int i = 0; i <= SocketRequests.MAX_IN_FLIGHT; i++) ws.send("{\"type\":\"rolls\",\"requestId\":\"w" + i + "\"}");
            var refused = ws.next(WAIT);
            assertThat(refused.path("requestId").asText()).isEqualTo("w" + SocketRequests.MAX_IN_FLIGHT);
            assertThat(refused.path("type").asText()).isEqualTo("rolls-result");
            assertThat(refused.path("status").asInt()).isEqualTo(429);
            assertThat(refused.path("error").asText()).isEqualTo("Too many concurrent requests; try again shortly");
            for (int i = 0; i < 200 && silent.received().size() < SocketRequests.MAX_IN_FLIGHT; i++) sleep(10);
            assertThat(silent.received()).as("only the others reached the world").hasSize(SocketRequests.MAX_IN_FLIGHT);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void socketsPerKeyAreCapped() {
        world("ws-cap", "fvtt_5000000000000008");
        var key = env.relay().key("ws-cap", "roll:read");
        var open = new java.util.ArrayList<ApiSocket>();
        try {
            for (int i = 0; i < 3; i++) open.add(ApiSocket.connect(env.relay(), key, null));
            try (var fourth = ApiSocket.open(env.relay(), "", "x-api-key", key)) {
                assertThat(fourth.closedWithin(WAIT)).isEqualTo("4029 Too many sockets for this API key (limit 3)");
            }
            open.removeFirst().close();
            // the relay sees the close shortly after; a new socket is then let in
            boolean admitted = false;
            for (int i = 0; i < 50 && !admitted; i++) {
                try (var again = ApiSocket.open(env.relay(), "", "x-api-key", key)) {
                    var m = again.next(Duration.ofSeconds(1));
                    admitted = m != null && m.path("type").asText().equals("connected");
                }
            }
            assertThat(admitted).isTrue();
        } finally {
            open.forEach(ApiSocket::close);
        }
    }
}
