package org.foundryrelay.foundry;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.foundryrelay.sim.protocol.ConnectionStatus;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RawSocket;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.foundryrelay.testing.RelayExtension;

/** The /relay socket: upgrade checks, first-message auth, close codes, duplicates, revocation, keep-alive. */
class WorldConnectTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("WEBSOCKET_PING_INTERVAL_MS", "300"));





    private int port() {
        return env.relay().relay().port();
    }

    private String clients(String account) {
        return Http.get(env.relay().uri("/clients"), "x-api-key", env.relay().key(account, "clients:read")).body();
    }

    @Test
    void aPairedWorldConnectsAuthenticatesAndIsListed() {
        var world = env.sims().connect(env.relay(), "connects", "fvtt_00000000000000a1");
        assertThat(world.status()).isInstanceOf(ConnectionStatus.Connected.class);
        var body = clients("connects");
        assertThat(body).contains("\"total\":1", "\"clientId\":\"fvtt_00000000000000a1\"", "\"isOnline\":true",
                "\"worldId\":\"fvtt_00000000000000a1-world\"", "\"systemId\":\"dnd5e\"", "\"connectedSince\":\"",
                "\"publicUrl\":\"http://127.0.0.1:30000\"");
    }

    @Test
    void aKnownWorldStaysListedWhileOffline() throws Exception {
        var world = env.sims().connect(env.relay(), "offline", "fvtt_00000000000000b1");
        world.close();
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !clients("offline").contains("\"isOnline\":true"));
        var body = clients("offline");
        assertThat(body).contains("\"total\":1", "\"clientId\":\"fvtt_00000000000000b1\"", "\"isOnline\":false",
                "\"connectedSince\":null");
    }

    @Test
    void upgradesWithoutIdOrWithATokenInTheUrlAreRefusedBeforeTheSocketExists() throws Exception {
        var missing = "{\"error\":\"Missing client ID\"}";
        var token = "{\"error\":\"Token URL parameter is not supported. Send auth as the first WebSocket message.\"}";
        var refusals = Map.of("/relay", missing, "/?id=%20", missing, "/relay/?id=", missing,
                "/relay?id=x&token=abc", token, "/?token&id=y", token);
        for (var refusal : refusals.entrySet()) {
            try (var raw = RawSocket.open(port(), refusal.getKey(), "127.0.0.1")) {
                assertThat(raw.status()).as(refusal.getKey()).isEqualTo(400);
                assertThat(raw.head()).as(refusal.getKey()).containsIgnoringCase("Content-Type: application/json");
                assertThat(raw.body()).as(refusal.getKey()).isEqualTo(refusal.getValue());
            }
        }
    }

    @Test
    void plainRequestsOnTheSocketPathsStillReachTheHttpRoutes() {
        for (var path : new String[] {"/relay", "/relay/?id=x"}) {
            var r = Http.get(env.relay().uri(path));
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).startsWith("{\"error\":\"Not found: GET /relay");
        }
        var root = Http.get(env.relay().uri("/?id=x"));
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("/dashboard");
    }

    @Test
    void aHugeFrameBeforeAuthIsRefusedBeforeItIsBuffered() throws Exception {
        try (var raw = RawSocket.open(port(), "/relay?id=huge", "127.0.0.1")) {
            assertThat(raw.status()).isEqualTo(101);
            // 64 MiB announced, 64 KiB sent: the relay must refuse at once instead of waiting for (and holding) the rest.
            raw.sendPartialFrame(64L * 1024 * 1024, 64 * 1024);
            var f = raw.next();
            assertThat(f).isNotNull();
            assertThat(f.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void aMessageInFragmentsIsJoinedAroundPingsAndBinaryFrames() throws Exception {
        var clientId = "fvtt_00000000000000f1";
        var token = env.relay().connectionToken("fragments", clientId);
        var auth = ("{\"type\":\"auth\",\"token\":\"" + token + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int third = auth.length / 3;
        try (var raw = RawSocket.open(port(), "/relay?id=" + clientId + "&worldTitle=Caf%C3%A9+Nord", "127.0.0.1")) {
            raw.sendFrame(0x2, true, new byte[] {1, 2, 3}); // binary: ignored
            raw.sendFrame(0x1, false, java.util.Arrays.copyOfRange(auth, 0, third));
            raw.sendFrame(0x9, true, "mid".getBytes()); // a ping may come between fragments
            var pong = raw.nextFrame();
            assertThat(pong.opcode()).isEqualTo(0xA);
            assertThat(pong.text()).isEqualTo("mid");
            raw.sendFrame(0x0, false, java.util.Arrays.copyOfRange(auth, third, 2 * third));
            raw.sendFrame(0x0, true, java.util.Arrays.copyOfRange(auth, 2 * third, auth.length));
            var reply = raw.next();
            assertThat(reply.opcode()).isEqualTo(0x1);
            assertThat(reply.text()).isEqualTo("{\"type\":\"auth-success\"}");
            assertThat(clients("fragments")).contains("\"clientId\":\"" + clientId + "\"", "\"isOnline\":true",
                    "\"worldTitle\":\"Café Nord\"");
        }
    }

    @Test
    void badUtf8OversizedFragmentsAndInterleavedMessagesEndTheSocketWithTheirCodes() throws Exception {
        try (var raw = RawSocket.open(port(), "/relay?id=utf8", "127.0.0.1")) {
            raw.sendFrame(0x1, true, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
            assertThat(raw.next().closeCode()).isEqualTo(1007);
        }
        try (var raw = RawSocket.open(port(), "/relay?id=split-huge", "127.0.0.1")) {
            // Each fragment fits under the 16 KiB allowed before auth; together they do not.
            raw.sendFrame(0x1, false, new byte[10 * 1024]);
            raw.sendFrame(0x0, true, new byte[10 * 1024]);
            assertThat(raw.next().closeCode()).isEqualTo(1009);
        }
        try (var raw = RawSocket.open(port(), "/relay?id=interleaved", "127.0.0.1")) {
            // A new message before the last one's final fragment breaks the protocol.
            raw.sendFrame(0x1, false, "{\"type\":".getBytes());
            raw.sendFrame(0x1, true, "{}".getBytes());
            assertThat(raw.next().closeCode()).isEqualTo(1002);
        }
    }

    @Test
    void permessageDeflateOfferedAsBrowsersDoIsDeclined() throws Exception {
        try (var raw = RawSocket.open(port(), "/relay?id=deflate", "127.0.0.1",
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")) {
            assertThat(raw.status()).isEqualTo(101);
            assertThat(raw.head()).containsIgnoringCase("Upgrade: websocket").doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
        }
    }

    @Test
    void aMalformedQueryIsRefusedBeforeTheSocketExists() throws Exception {
        try (var raw = RawSocket.open(port(), "/relay?id=x&worldTitle=%E", "127.0.0.1")) {
            assertThat(raw.status()).isEqualTo(400);
            assertThat(raw.body()).isEqualTo("{\"error\":\"Malformed query string\"}");
        }
    }

    @Test
    void theRelayAlsoAnswersOnTrailingSlashAndRoot() throws Exception {
        for (var path : new String[] {"/relay/?id=p1", "/?id=p2"}) {
            try (var raw = RawSocket.open(port(), path, "127.0.0.1")) {
                assertThat(raw.status()).as(path).isEqualTo(101);
            }
        }
    }

    @Test
    void closeCodesForBadAuth() throws Exception {
        try (var raw = RawSocket.open(port(), "/relay?id=bad1", "127.0.0.1")) {
            raw.sendText("not json");
            var f = raw.next();
            assertThat(f.closeCode()).isEqualTo(4002);
            assertThat(f.closeReason()).isEqualTo("Invalid auth message");
        }
        try (var raw = RawSocket.open(port(), "/relay?id=bad2", "127.0.0.1")) {
            raw.sendText("{\"type\":\"hello\",\"token\":\"x\"}");
            assertThat(raw.next().closeCode()).isEqualTo(4002);
        }
        try (var raw = RawSocket.open(port(), "/relay?id=bad3", "127.0.0.1")) {
            raw.sendText("{\"type\":\"auth\",\"token\":\"" + "f".repeat(64) + "\"}");
            var f = raw.next();
            assertThat(f.closeCode()).isEqualTo(1008);
            assertThat(f.closeReason()).isEqualTo("Authentication failed");
        }
    }

    @Test
    void silenceAfterConnectingTimesOutWith4002() throws Exception {
        try (var raw = RawSocket.open(port(), "/relay?id=silent", "127.0.0.1")) {
            long start = System.currentTimeMillis();
            var f = raw.next();
            assertThat(f.closeCode()).isEqualTo(4002);
            assertThat(f.closeReason()).isEqualTo("Authentication timeout");
            assertThat(System.currentTimeMillis() - start).isBetween(9_000L, 14_000L);
        }
    }

    @Test
    void aTokenPairedToOneWorldCannotBeUsedByAnother() throws Exception {
        var token = env.relay().connectionToken("bound", "fvtt_00000000000000c1");
        var thief = env.sims().start(env.relay(), "fvtt_00000000000000c2", token, SimWorlds.world("other"));
        assertThat(thief.awaitStatus(s -> s instanceof ConnectionStatus.Stopped, Duration.ofSeconds(5))).isTrue();
        assertThat(thief.lastClose().code()).isEqualTo(4002);
        assertThat(thief.lastClose().reason()).contains("another world");
    }

    @Test
    void anUnboundTokenBindsToTheFirstWorldThatUsesIt() throws Exception {
        var token = env.relay().connectionToken("headless", null);
        var first = env.sims().connect(env.relay(), "fvtt_00000000000000d1", token, SimWorlds.world("first"));
        first.close();
        var second = env.sims().start(env.relay(), "fvtt_00000000000000d2", token, SimWorlds.world("second"));
        assertThat(second.awaitStatus(s -> s instanceof ConnectionStatus.Stopped, Duration.ofSeconds(5))).isTrue();
        assertThat(second.lastClose().code()).isEqualTo(4002);
    }

    @Test
    void aReconnectFromTheSameHostReplacesTheOldSocket() throws Exception {
        var token = env.relay().connectionToken("replace", "fvtt_00000000000000e1");
        var old = env.sims().connect(env.relay(), "fvtt_00000000000000e1", token, SimWorlds.world("e1"));
        var fresh = env.sims().connect(env.relay(), "fvtt_00000000000000e1", token, SimWorlds.world("e1"));
        assertThat(old.awaitStatus(s -> s instanceof ConnectionStatus.Stopped, Duration.ofSeconds(5))).isTrue();
        assertThat(old.lastClose().code()).isEqualTo(1000);
        assertThat(old.lastClose().reason()).isEqualTo("Replaced by reconnect");
        assertThat(fresh.status()).isInstanceOf(ConnectionStatus.Connected.class);
        assertThat(clients("replace")).contains("\"total\":1", "\"isOnline\":true");
    }

    @Test
    void aSecondHostIsRefusedWith4004WithoutBeingToldAuthSuccess() throws Exception {
        var token = env.relay().connectionToken("dup", "fvtt_00000000000000f1");
        var holder = env.sims().connect(env.relay(), "fvtt_00000000000000f1", token, SimWorlds.world("f1"));
        try (var raw = RawSocket.open(port(), "/relay?id=fvtt_00000000000000f1", "127.0.0.2")) {
            raw.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
            var f = raw.next();
            assertThat(f.opcode()).as("the first frame is the close, not auth-success").isEqualTo(0x8);
            assertThat(f.closeCode()).isEqualTo(4004);
            assertThat(f.closeReason()).isEqualTo("Client ID already connected");
        }
        assertThat(holder.status()).isInstanceOf(ConnectionStatus.Connected.class);
    }

    @Test
    void revokingATokenClosesTheLiveSocketWith4002() throws Exception {
        var token = env.relay().connectionToken("revoke", "fvtt_0000000000000101");
        var world = env.sims().connect(env.relay(), "fvtt_0000000000000101", token, SimWorlds.world("r"));
        env.relay().revokeToken(token);
        assertThat(world.awaitStatus(s -> s instanceof ConnectionStatus.Stopped, Duration.ofSeconds(3))).isTrue();
        assertThat(world.lastClose().code()).isEqualTo(4002);
        assertThat(world.tokenForgotten()).as("the module forgets a revoked token").isTrue();
    }

    @Test
    void aTokensIpRulesDecideWhereTheWorldMayConnectFrom() throws Exception {
        var token = env.relay().connectionToken("iprules", "fvtt_0000000000000501");
        var tokenId = env.relay().cli("tokens", "list", "--account", "iprules").out().trim().split("\\s+")[0];
        assertThat(env.relay().cli("tokens", "allow-ips", tokenId, "10.0.0.0/8").exitCode()).isZero();
        var refused = env.sims().start(env.relay(), "fvtt_0000000000000501", token, SimWorlds.world("ip"));
        assertThat(refused.awaitStatus(s -> s instanceof ConnectionStatus.Stopped, Duration.ofSeconds(5))).isTrue();
        assertThat(refused.lastClose().code()).isEqualTo(4002);
        assertThat(refused.lastClose().reason()).isEqualTo("IP address not allowed");

        assertThat(env.relay().cli("tokens", "allow-ips", tokenId, "127.0.0.0/8").exitCode()).isZero();
        var allowed = env.sims().connect(env.relay(), "fvtt_0000000000000501", token, SimWorlds.world("ip"));
        assertThat(allowed.status()).isInstanceOf(ConnectionStatus.Connected.class);
    }

    @Test
    void jsonPingGetsPong() throws Exception {
        var token = env.relay().connectionToken("pinger", "fvtt_0000000000000201");
        try (var raw = RawSocket.open(port(), "/relay?id=fvtt_0000000000000201", "127.0.0.1")) {
            raw.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
            assertThat(raw.next().text()).isEqualTo("{\"type\":\"auth-success\"}");
            raw.sendText("{\"type\":\"ping\"}");
            assertThat(raw.next().text()).isEqualTo("{\"type\":\"pong\"}");
        }
    }

    @Test
    void aWorldThatStopsAnsweringPingsIsDropped() throws Exception {
        var token = env.relay().connectionToken("frozen", "fvtt_0000000000000301");
        try (var raw = RawSocket.open(port(), "/relay?id=fvtt_0000000000000301", "127.0.0.1")) {
            raw.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
            assertThat(raw.next().text()).contains("auth-success");
            assertThat(clients("frozen")).contains("\"isOnline\":true");
            // Never answers a ping: dropped after twice the ping interval (300 ms here).
            assertThat(raw.closedByPeer(3_000)).isTrue();
        }
        await().atMost(java.time.Duration.ofSeconds(5)).until(() -> clients("frozen").contains("\"isOnline\":false"));
    }

    @Test
    void aLiveWorldAnsweringPingsStaysConnected() throws Exception {
        var world = env.sims().connect(env.relay(), "alive", "fvtt_0000000000000401");
        Thread.sleep(1_500); // five ping periods
        assertThat(world.status()).isInstanceOf(ConnectionStatus.Connected.class);
        assertThat(world.attempts()).isZero();
    }
}
