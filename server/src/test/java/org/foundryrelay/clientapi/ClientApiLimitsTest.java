package org.foundryrelay.clientapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.foundryrelay.testing.ApiSocket;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RawSocket;
import org.foundryrelay.testing.RelayExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What bounds a {@code /ws/api} client besides its scopes: the shared minute limit, message size, its key's life. */
class ClientApiLimitsTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "5", "MAX_BODY_SIZE_MB", "1",
            "WEBSOCKET_PING_INTERVAL_MS", "500"));

    @Test
    void socketRequestsCountAgainstTheKeysMinuteLimitTogetherWithHttp() {
        env.sims().connect(env.relay(), "ws-rate", "fvtt_8000000000000001");
        var key = env.relay().key("ws-rate", "roll:read");
        try (var ws = ApiSocket.connect(env.relay(), key, null)) { // the connect counts once
            var statuses = new java.util.ArrayList<Integer>();
            for (int i = 0; i < 5; i++) {
                var m = ws.call("{\"type\":\"rolls\",\"requestId\":\"n" + i + "\"}");
                statuses.add(m.path("type").asText().equals("rolls-result") ? 200 : m.path("status").asInt());
            }
            assertThat(statuses).containsExactly(200, 200, 200, 200, 429);
            assertThat(ws.call("{\"type\":\"rolls\",\"requestId\":\"x\"}").path("error").asText())
                    .isEqualTo("Too many API requests, please slow down");
            assertThat(Http.get(env.relay().uri("/rolls"), "x-api-key", key).statusCode()).as("HTTP shares the count")
                    .isEqualTo(429);
            assertThat(ws.call("{\"type\":\"ping\",\"requestId\":\"p\"}").path("type").asText())
                    .as("the socket stays usable").isEqualTo("pong");
        }
    }

    @Test
    void aClientThatAnswersNoPingsIsDroppedWhileOneThatDoesStays() throws Exception {
        env.sims().connect(env.relay(), "ws-ping", "fvtt_8000000000000004");
        var key = env.relay().key("ws-ping", "roll:read");
        try (var answering = ApiSocket.connect(env.relay(), key, null);
             var silent = RawSocket.open(env.relay().relay().port(), "/ws/api", "127.0.0.1")) {
            silent.sendText("{\"type\":\"auth\",\"token\":\"" + key + "\"}");
            assertThat(silent.next().text()).contains("\"type\":\"connected\"");
            assertThat(silent.closedByPeer(5_000)).as("dropped after two silent ping periods").isTrue();
            assertThat(answering.closedWithin(Duration.ofMillis(100))).as("the JDK client answers pings").isNull();
            assertThat(answering.call("{\"type\":\"ping\",\"requestId\":\"still\"}").path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void aMessageOverTheSizeLimitClosesTheSocket() {
        env.sims().connect(env.relay(), "ws-size", "fvtt_8000000000000002");
        var key = env.relay().key("ws-size", "roll:execute");
        try (var ws = ApiSocket.connect(env.relay(), key, null)) {
            ws.send("{\"type\":\"roll\",\"requestId\":\"big\",\"formula\":\"1d4\",\"flavor\":\"" + "x".repeat(1_100_000) + "\"}");
            assertThat(ws.closedWithin(WAIT)).startsWith("1009");
        }
    }

    @Test
    void aKeyRevokedWhileTheSocketIsOpenEndsIt() {
        env.sims().connect(env.relay(), "ws-revoke", "fvtt_8000000000000003");
        var key = env.relay().key("ws-revoke", "roll:read");
        var list = env.relay().cli("keys", "list", "--account", "ws-revoke").out();
        var keyId = list.lines().filter(l -> l.startsWith("key_")).findFirst().orElseThrow().split("\\s+")[0];
        try (var ws = ApiSocket.connect(env.relay(), key, null)) {
            assertThat(env.relay().cli("keys", "revoke", keyId).exitCode()).isZero();
            var refused = ws.call("{\"type\":\"rolls\",\"requestId\":\"after\"}");
            assertThat(refused.path("status").asInt()).isEqualTo(401);
            assertThat(ws.closedWithin(WAIT)).isEqualTo("4002 " + refused.path("error").asText());
        }
    }
}
