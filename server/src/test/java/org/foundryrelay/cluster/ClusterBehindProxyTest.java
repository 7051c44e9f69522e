package org.foundryrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.foundryrelay.config.Config.DatabaseConfig;
import org.foundryrelay.json.Json;
import org.foundryrelay.sim.protocol.ConnectionStatus;
import org.foundryrelay.sim.protocol.ModuleConnection;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.Nginx;
import org.foundryrelay.testing.RawSocket;
import org.foundryrelay.testing.RedisServer;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.TestDatabases;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two cluster relays, each behind a real nginx they trust ({@code TRUSTED_PROXIES=127.0.0.1}), see the addresses of
 * the worlds and clients behind it: the duplicate-world rule tells hosts apart across relays, and failed
 * authentications count per client rather than per proxy. Loopback addresses play the hosts: nginx listens on
 * 127.0.0.1 and a peer bound to 127.0.0.2 reaches it as another machine would.
 */
class ClusterBehindProxyTest {
    private static final int FAILURES = 3;
    private static RedisServer redis;
    private static DatabaseConfig schema;
    private static TestRelay a, b;
    private static Nginx toA, toB;
    private static SimWorlds sims;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        schema = TestDatabases.postgres();
        a = member("a");
        b = member("b");
        // One nginx per relay, so the test knows where each connection lands.
        toA = Nginx.inFrontOf(List.of(a.relay().port()));
        toB = Nginx.inFrontOf(List.of(b.relay().port()));
        sims = new SimWorlds();
    }

    private static TestRelay member(String id) {
        var env = redis.memberEnv(schema, id);
        env.put("TRUSTED_PROXIES", "127.0.0.1");
        env.put("AUTH_FAILURE_LIMIT", Integer.toString(FAILURES));
        return TestRelay.start(env);
    }

    @AfterAll
    static void stop() {
        if (sims != null) sims.close();
        for (var n : new Nginx[] {toA, toB}) {
            if (n != null) n.close();
        }
        for (var r : new TestRelay[] {a, b}) {
            if (r != null) r.close();
        }
        if (redis != null) redis.close();
        if (schema != null) TestDatabases.drop(schema);
    }

    @Test
    void throughNginxASecondHostIsRefused4004OnAnotherRelayAndTheSameHostReplaces() throws Exception {
        var id = "fvtt_d100000000000001";
        var token = a.connectionToken("proxied", id);
        var first = new ModuleConnection(sims.network(), toA.ws(), id, token, SimWorlds.world("proxied-world"), SimWorlds.FAST);
        ModuleConnection second = null;
        try {
            first.start();
            assertThat(first.awaitConnected(Duration.ofSeconds(10))).isTrue();
            var key = a.key("proxied", "roll:execute,clients:read");
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() -> holder(key, id).equals("a"));

            // Another host through relay b's nginx: both connections come from nginx, yet it is refused.
            try (var raw = RawSocket.open(toB.port(), "/relay?id=" + id, "127.0.0.2")) {
                assertThat(raw.status()).isEqualTo(101);
                raw.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
                assertThat(closeOf(raw)).isEqualTo("4004 Client ID already connected");
            }
            assertThat(first.status()).isInstanceOf(ConnectionStatus.Connected.class);

            // The first world's own host reconnecting through relay b: the old socket on relay a is replaced.
            second = new ModuleConnection(sims.network(), toB.ws(), id, token, SimWorlds.world("proxied-world"), SimWorlds.FAST);
            second.start();
            assertThat(second.awaitConnected(Duration.ofSeconds(10))).isTrue();
            assertThat(first.awaitStatus(s -> s instanceof ConnectionStatus.Stopped, Duration.ofSeconds(3))).isTrue();
            assertThat(first.lastClose().code()).isEqualTo(1000);
            assertThat(first.lastClose().reason()).isEqualTo("Replaced by reconnect");
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() -> holder(key, id).equals("b"));
            var r = Http.post(URI.create(toA.http() + "/roll"), "{\"formula\":\"1d1+1\"}", "x-api-key", key);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(Json.parse(r.body()).at("/data/roll/total").asInt()).isEqualTo(2);
        } finally {
            first.close();
            if (second != null) second.close();
        }
    }

    @Test
    void failedAuthenticationsThroughNginxCountPerClientNotPerProxy() throws Exception {
        for (int i = 0; i < FAILURES; i++) assertThat(badKey("127.0.0.3", "")).isEqualTo(401);
        assertThat(badKey("127.0.0.3", "")).isEqualTo(429);
        // What the client itself writes into X-Forwarded-For stays left of the address nginx appends.
        assertThat(badKey("127.0.0.3", "X-Forwarded-For: 203.0.113.77\r\n")).isEqualTo(429);
        // Another client behind the same nginx has a budget of its own.
        assertThat(badKey("127.0.0.4", "")).isEqualTo(401);
    }

    /** The status of {@code GET /clients} with a wrong key, sent through relay a's nginx from {@code from}. */
    private static int badKey(String from, String extraHeaders) throws IOException {
        try (var s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", toA.port()), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /clients HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: not-a-real-key\r\n"
                    + extraHeaders + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            var status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    /** The instance holding a world, as {@code GET /clients} on relay b reports it ("" when offline). */
    private static String holder(String key, String clientId) throws Exception {
        for (var entry : Json.parse(Http.get(b.uri("/clients"), "x-api-key", key).body()).path("clients")) {
            if (entry.path("clientId").asText().equals(clientId) && entry.path("isOnline").asBoolean()) {
                return entry.path("instanceId").asText();
            }
        }
        return "";
    }

    private static String closeOf(RawSocket raw) throws IOException {
        for (var f = raw.next(); f != null; f = raw.next()) {
            if (f.opcode() == 0x8) return f.closeCode() + " " + f.closeReason();
        }
        return "no close frame";
    }
}
