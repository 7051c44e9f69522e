package org.foundryrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.foundryrelay.config.Config.DatabaseConfig;
import org.foundryrelay.json.Json;
import org.foundryrelay.sim.protocol.ConnectionStatus;
import org.foundryrelay.sim.protocol.ModuleConnection;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.ApiSocket;
import org.foundryrelay.testing.Nginx;
import org.foundryrelay.testing.RawSocket;
import org.foundryrelay.testing.RedisServer;
import org.foundryrelay.testing.ScriptedWorld;
import org.foundryrelay.testing.SeparateRelay;
import org.foundryrelay.testing.SseClient;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.TestDatabases;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three relays sharing one PostgreSQL schema and a real redis-server behave for clients as one relay: calls
 * reach worlds held by another relay, limits are shared, and failures (a relay killed, Redis stopped) end calls
 * at once with a clear error.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
    private static final int LIMIT = 150;
    private static final String METRICS_TOKEN = "cluster-test-metrics-token";
    private static RedisServer redis;
    private static DatabaseConfig schema;
    private static TestRelay a, b, c;
    private static SimWorlds sims;

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.start();
        schema = TestDatabases.postgres();
        a = member("a");
        b = member("b");
        c = member("c");
        sims = new SimWorlds();
    }

    private static TestRelay member(String id) {
        return TestRelay.start(env(id));
    }

    private static Map<String, String> env(String id) {
        var env = redis.memberEnv(schema, id);
        env.put("PER_MINUTE_REQUEST_LIMIT", Integer.toString(LIMIT));
        env.put("REQUEST_TIMEOUT_MS", "5000");
        env.put("TRUSTED_PROXIES", "127.0.0.1"); // the tests' nginx, as docs/DEPLOY.md sets it up
        env.put("METRICS_TOKEN", METRICS_TOKEN);
        return env;
    }

    @AfterAll
    static void stopCluster() {
        if (sims != null) sims.close();
        for (var r : new TestRelay[] {a, b, c}) {
            if (r != null) r.close();
        }
        if (redis != null) redis.close();
        if (schema != null) TestDatabases.drop(schema);
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.parse(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    private static HttpResponse<String> roll(TestRelay via, String key, String clientId, int bonus) {
        var query = clientId == null ? "" : "?clientId=" + clientId;
        return Http.post(via.uri("/roll" + query), "{\"formula\":\"1d1+" + bonus + "\"}", "x-api-key", key);
    }

    @Test
    @Order(1)
    void aWorldOnOneRelayAnswersCallsMadeToTheOthers() {
        sims.connect(a, "alpha", "fvtt_c100000000000001");
        var key = a.key("alpha", "roll:execute,roll:read,clients:read");
        for (var via : List.of(b, c, a)) {
            var r = roll(via, key, "fvtt_c100000000000001", 4);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).path("type").asText()).isEqualTo("roll-result");
            assertThat(json(r).at("/data/roll/total").asInt()).isEqualTo(5);
        }
        // The only world of the account is found without naming it, whichever relay is asked.
        var auto = roll(c, key, null, 6);
        assertThat(auto.statusCode()).as(auto.body()).isEqualTo(200);
        assertThat(json(auto).at("/data/roll/total").asInt()).isEqualTo(7);
        // A world error keeps the world's own body and status through the hop.
        var bad = Http.post(b.uri("/roll"), "{\"formula\":\"2d\"}", "x-api-key", key);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("error").asText()).startsWith("Failed to roll formula:");
        // Unknown worlds read as on a single relay.
        var none = roll(b, key, "fvtt_c1ffffffffffffff", 1);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(json(none).path("error").asText()).isEqualTo("Invalid client ID");

        var clients = json(Http.get(b.uri("/clients"), "x-api-key", key));
        assertThat(clients.path("total").asInt()).isEqualTo(1);
        var entry = clients.path("clients").get(0);
        assertThat(entry.path("clientId").asText()).isEqualTo("fvtt_c100000000000001");
        assertThat(entry.path("isOnline").asBoolean()).isTrue();
        assertThat(entry.path("instanceId").asText()).isEqualTo("a");
        assertThat(entry.path("worldId").asText()).isEqualTo("fvtt_c100000000000001-world");

        // The client socket takes the same path.
        try (var ws = ApiSocket.connect(c, key, null)) {
            ws.send("{\"type\":\"roll\",\"requestId\":\"x1\",\"formula\":\"1d1+9\"}");
            var answer = ws.next(Duration.ofSeconds(5));
            assertThat(answer).isNotNull();
            assertThat(answer.path("requestId").asText()).isEqualTo("x1");
            assertThat(answer.at("/data/roll/total").asInt()).as(answer.toString()).isEqualTo(10);
        }

        var status = json(Http.get(c.uri("/api/status")));
        assertThat(status.at("/cluster/instanceId").asText()).isEqualTo("c");
        assertThat(status.at("/cluster/members").asInt()).isEqualTo(3);
        var health = json(Http.get(b.uri("/health")));
        assertThat(health.path("cluster").asText()).isEqualTo("ok");
    }

    @Test
    @Order(2)
    void concurrentCallsSpreadOverTheRelaysAreEachAnsweredOnceToTheRightCaller() throws Exception {
        sims.connect(b, "beta", "fvtt_c200000000000002");
        int calls = 1_000, perKey = 125, inFlight = 100;
        // Keys of one account, each used below the per-key minute limit that aKeysMinuteLimitHoldsAcrossRelays checks.
        var keys = new ArrayList<String>();
        for (int i = 0; i < calls / perKey; i++) keys.add(a.key("beta", "roll:execute"));
        assertThat(perKey).isLessThan(LIMIT);
        var relays = List.of(a, b, c);
        var servedBefore = relays.stream().map(ClusterTest::rollsServed).toList();
        // At most 100 calls open at once (nginx and a loaded machine stay within their limits), so they overlap
        // heavily without the test measuring how many sockets the machine can open.
        var gate = new java.util.concurrent.Semaphore(inFlight);
        var open = new java.util.concurrent.atomic.AtomicInteger();
        var peak = new java.util.concurrent.atomic.AtomicInteger();
        try (var nginx = Nginx.inFrontOf(List.of(a.relay().port(), b.relay().port(), c.relay().port()));
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var uri = URI.create(nginx.http() + "/roll?clientId=fvtt_c200000000000002");
            var answers = new ArrayList<CompletableFuture<HttpResponse<String>>>();
            for (int i = 0; i < calls; i++) {
                int n = i;
                answers.add(CompletableFuture.supplyAsync(() -> {
                    gate.acquireUninterruptibly();
                    peak.accumulateAndGet(open.incrementAndGet(), Math::max);
                    try {
                        return Http.post(uri, "{\"formula\":\"1d1+" + n + "\"}", "x-api-key", keys.get(n % keys.size()));
                    } finally {
                        open.decrementAndGet();
                        gate.release();
                    }
                }, pool));
            }
            var totals = new java.util.HashSet<Integer>();
            for (int i = 0; i < calls; i++) {
                var r = answers.get(i).get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                // Each caller gets the answer to its own formula: no answer is lost, swapped or delivered twice.
                assertThat(json(r).at("/data/roll/total").asInt()).as("call %d", i).isEqualTo(i + 1);
                totals.add(json(r).at("/data/roll/total").asInt());
            }
            assertThat(totals).hasSize(calls);
            assertThat(peak.get()).as("calls open at once").isGreaterThan(inFlight / 2);
        }
        // nginx's round robin gave every relay its share; two of them reached the world through the third.
        for (int i = 0; i < relays.size(); i++) {
            assertThat(rollsServed(relays.get(i)) - servedBefore.get(i)).as("calls relay %d answered", i).isGreaterThan(calls / 6);
        }
    }

    /** The {@code POST /roll} calls a relay has answered with 200, from its metrics. */
    private static long rollsServed(TestRelay relay) {
        var body = Http.get(relay.uri("/metrics"), "Authorization", "Bearer " + METRICS_TOKEN).body();
        var m = java.util.regex.Pattern.compile(
                "relay_http_requests_seconds_count\\{method=\"POST\",route=\"/roll\",status=\"200\"} ([0-9.]+)").matcher(body);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    @Order(3)
    void throughNginxAWorldLandsOnOneRelayAndEveryCallReachesIt() throws Exception {
        try (var nginx = Nginx.inFrontOf(List.of(a.relay().port(), b.relay().port(), c.relay().port()))) {
            var token = a.connectionToken("theta", "fvtt_c800000000000008");
            var world = new ModuleConnection(sims.network(), nginx.ws(), "fvtt_c800000000000008", token,
                    SimWorlds.world("theta-world"), SimWorlds.FAST);
            try {
                world.start();
                assertThat(world.awaitConnected(Duration.ofSeconds(10))).isTrue();
                var key = a.key("theta", "roll:execute");
                for (int i = 0; i < 30; i++) {
                    var r = Http.post(URI.create(nginx.http() + "/roll"), "{\"formula\":\"1d1+" + i + "\"}", "x-api-key", key);
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    assertThat(json(r).at("/data/roll/total").asInt()).isEqualTo(i + 1);
                }
            } finally {
                world.close();
            }
        }
    }

    @Test
    @Order(3)
    void aKeysMinuteLimitHoldsAcrossRelays() {
        sims.connect(c, "gamma", "fvtt_c300000000000003");
        var key = a.key("gamma", "clients:read");
        var relays = List.of(a, b, c);
        int ok = 0, limited = 0;
        long started = System.nanoTime();
        for (int i = 0; i < LIMIT + 30; i++) {
            var r = Http.get(relays.get(i % 3).uri("/clients"), "x-api-key", key);
            if (r.statusCode() == 200) ok++;
            else if (r.statusCode() == 429) limited++;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // Each relay alone would allow LIMIT: together they allow LIMIT plus what refills meanwhile.
        assertThat(limited).isGreaterThan(0);
        assertThat(ok).isLessThanOrEqualTo(LIMIT + (int) Math.ceil(seconds * LIMIT / 60.0) + 1);
    }

    @Test
    @Order(4)
    void revokingATokenClosesTheWorldsSocketOnAnotherRelayWithinASecond() {
        var token = b.connectionToken("delta", "fvtt_c400000000000004");
        var world = sims.connect(b, "fvtt_c400000000000004", token, SimWorlds.world("delta-world"));
        long started = System.nanoTime();
        a.revokeToken(token);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> world.lastClose() != null && world.lastClose().code() == 4002);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_000);
    }

    @Test
    @Order(4)
    void eventsReachSubscribersOnEveryRelayAndResumeThroughAnotherRelay() throws Exception {
        var world = SimWorlds.world("iota-world");
        sims.connect(a, "fvtt_c900000000000009", a.connectionToken("iota", "fvtt_c900000000000009"), world);
        var key = a.key("iota", "events:subscribe");
        var uri = "/rolls/subscribe?clientId=fvtt_c900000000000009";
        var wait = Duration.ofSeconds(5);
        try (var onB = SseClient.open(b.uri(uri), "x-api-key", key)) {
            var onC = SseClient.open(c.uri(uri), "x-api-key", key);
            assertThat(onB.next(wait).event()).isEqualTo("connected");
            assertThat(onC.next(wait).event()).isEqualTo("connected");
            // Only other relays subscribe, yet the module is told to send rolls.
            await().atMost(wait).until(() -> world.activeChannels().contains(org.foundryrelay.sim.world.Channel.ROLL));
            var ids = new ArrayList<String>();
            for (int i = 1; i <= 3; i++) world.chatRoll("Alice", "1d1+" + i);
            for (int i = 1; i <= 3; i++) {
                var fromB = onB.next(wait);
                var fromC = onC.next(wait);
                assertThat(fromB.event()).isEqualTo("roll");
                assertThat(Json.parse(fromB.data()).path("rollTotal").asInt()).isEqualTo(1 + i);
                assertThat(fromC.id()).isEqualTo(fromB.id());
                ids.add(fromC.id());
            }
            onC.close(); // cut; B keeps the module sending
            for (int i = 4; i <= 5; i++) world.chatRoll("Alice", "1d1+" + i);
            for (int i = 4; i <= 5; i++) assertThat(Json.parse(onB.next(wait).data()).path("rollTotal").asInt()).isEqualTo(1 + i);
            // Back through C, which did not follow the world meanwhile: the shared history fills the gap.
            try (var again = SseClient.open(c.uri(uri), "x-api-key", key, "Last-Event-ID", ids.get(1))) {
                assertThat(again.next(wait).event()).isEqualTo("connected");
                for (int i = 3; i <= 5; i++) {
                    assertThat(Json.parse(again.next(wait).data()).path("rollTotal").asInt()).isEqualTo(1 + i);
                }
                assertThat(again.next(Duration.ofMillis(300))).as("nothing twice").isNull();
            }
        }
    }

    @Test
    @Order(4)
    void theDuplicateRulesHoldAcrossRelays() throws Exception {
        var token = a.connectionToken("eta", "fvtt_c700000000000007");
        var old = sims.connect(a, "fvtt_c700000000000007", token, SimWorlds.world("eta-world"));
        var reader = b.key("eta", "clients:read");
        // Presence is announced right after the login; two logins racing within that moment are not this test's case.
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20)).until(() ->
                json(Http.get(b.uri("/clients"), "x-api-key", reader)).path("clients").path(0).path("instanceId").asText()
                        .equals("a"));
        // Another host under the same client id, on another relay: refused.
        try (var raw = RawSocket.open(b.relay().port(), "/relay?id=fvtt_c700000000000007", "127.0.0.2")) {
            raw.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
            // Refused during the login: the world never hears auth-success, so it cannot believe it is connected.
            var f = raw.next();
            while (f.opcode() != 0x8) {
                assertThat(f.text()).as("a frame before the close").doesNotContain("auth-success");
                f = raw.next();
            }
            assertThat(f.closeCode()).isEqualTo(4004);
            assertThat(f.closeReason()).isEqualTo("Client ID already connected");
        }
        assertThat(old.status()).isInstanceOf(ConnectionStatus.Connected.class);
        // The same host reconnecting through another relay: the old socket is replaced.
        var fresh = sims.connect(b, "fvtt_c700000000000007", token, SimWorlds.world("eta-world"));
        assertThat(old.awaitStatus(s -> s instanceof ConnectionStatus.Stopped, Duration.ofSeconds(3))).isTrue();
        assertThat(old.lastClose().code()).isEqualTo(1000);
        assertThat(old.lastClose().reason()).isEqualTo("Replaced by reconnect");
        assertThat(fresh.status()).isInstanceOf(ConnectionStatus.Connected.class);
        var key = c.key("eta", "roll:execute,clients:read");
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
            var clients = json(Http.get(c.uri("/clients"), "x-api-key", key)).path("clients");
            return clients.size() == 1 && clients.get(0).path("instanceId").asText().equals("b");
        });
        assertThat(roll(c, key, "fvtt_c700000000000007", 2).statusCode()).isEqualTo(200);

        // Relay c is told (as a lost or late message would leave it) that relay a still holds the world: the call
        // goes to a, which answers that it no longer has it, and c sends it once more to b, where the world is.
        var client = io.lettuce.core.RedisClient.create(redis.url());
        try (var redisConnection = client.connect()) {
            var commands = redisConnection.sync();
            var entryKey = commands.keys(Cluster.PREFIX + "world:*:fvtt_c700000000000007").getFirst();
            var stale = (ObjectNode) Json.parse(commands.get(entryKey));
            stale.put("instanceId", "a");
            commands.publish(Presence.CHANNEL, Wire.write("up", Json.write(stale)));
            var r = roll(c, key, "fvtt_c700000000000007", 4);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).at("/data/roll/total").asInt()).isEqualTo(5);
        } finally {
            client.shutdown();
        }
    }

    @Test
    @Order(5)
    void withRedisStoppedCrossRelayCallsFailFastLocalOnesWorkAndEverythingRecovers() {
        sims.connect(a, "epsilon", "fvtt_c500000000000005");
        var key = a.key("epsilon", "roll:execute");
        assertThat(roll(b, key, "fvtt_c500000000000005", 1).statusCode()).isEqualTo(200);

        redis.stop();
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            var r = roll(b, key, "fvtt_c500000000000005", 1);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(json(r).path("error").asText()).contains("Redis is unreachable");
            assertThat(millis).isLessThan(1_000);
        }
        var local = roll(a, key, "fvtt_c500000000000005", 2);
        assertThat(local.statusCode()).as(local.body()).isEqualTo(200);
        assertThat(json(local).at("/data/roll/total").asInt()).isEqualTo(3);
        var health = Http.get(b.uri("/health"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).path("cluster").asText()).isEqualTo("degraded");
        assertThat(json(health).path("status").asText()).isEqualTo("degraded");

        redis.resume();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> roll(b, key, "fvtt_c500000000000005", 1).statusCode() == 200);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> json(Http.get(b.uri("/health"))).path("cluster").asText().equals("ok"));
    }


    /** A world answering rolls with a marker, and holding back its answer to the formula {@code "hold"}. */
    private static ScriptedWorld echoing(List<ObjectNode> held) {
        return new ScriptedWorld(m -> {
            if (m.path("formula").asText().equals("hold")) {
                held.add(m);
                return null;
            }
            return m.deepCopy().put("type", "roll-result").put("answeredBy", "the world");
        });
    }

    private static boolean rolledByTheWorld(HttpResponse<String> r) {
        return r.statusCode() == 200 && json(r).path("answeredBy").asText().equals("the world");
    }

    @Test
    @Order(6)
    void killingTheRelayHoldingTheWorldEndsItsCallsAtOnceWith502AndTheWorldComesBackThroughAnother() throws Exception {
        try (var killed = SeparateRelay.start("killed", env("killed"));
             var nginx = Nginx.inFrontOf(List.of(killed.port()), List.of(b.relay().port(), c.relay().port()))) {
            var silent = ScriptedWorld.silent();
            var token = b.connectionToken("zeta", "fvtt_c600000000000006");
            var world = new ModuleConnection(sims.network(), "ws://127.0.0.1:" + killed.port(), "fvtt_c600000000000006",
                    token, silent, SimWorlds.FAST);
            // A second world, connected through nginx, lands on the same relay and must come back elsewhere.
            var moving = new ModuleConnection(sims.network(), nginx.ws(), "fvtt_c6000000000000a6",
                    b.connectionToken("zeta", "fvtt_c6000000000000a6"), echoing(new ArrayList<>()), SimWorlds.FAST);
            try {
                world.start();
                moving.start();
                assertThat(world.awaitConnected(Duration.ofSeconds(10))).isTrue();
                assertThat(moving.awaitConnected(Duration.ofSeconds(10))).isTrue();
                var key = b.key("zeta", "roll:execute,clients:read");
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                        .until(() -> json(Http.get(b.uri("/health"))).path("cluster").asText().equals("ok")
                                && holder(key, "fvtt_c6000000000000a6").equals("killed")
                                && holder(key, "fvtt_c600000000000006").equals("killed"));

                var calls = new ArrayList<CompletableFuture<HttpResponse<String>>>();
                try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < 5; i++) {
                        var via = i % 2 == 0 ? b : c;
                        calls.add(CompletableFuture.supplyAsync(() -> roll(via, key, "fvtt_c600000000000006", 1), pool));
                    }
                    await().atMost(Duration.ofSeconds(5)).until(() -> silent.received().size() >= 5);
                    long killedAt = System.nanoTime();
                    killed.process().destroyForcibly();
                    for (var call : calls) {
                        var r = call.get();
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
                        assertThat(json(r).path("error").asText()).contains("relay holding this Foundry world is gone");
                    }
                    assertThat((System.nanoTime() - killedAt) / 1_000_000).isLessThan(1_500);
                }
                // The module's backoff brings the world back through nginx to a surviving relay; calls through
                // nginx (reaching b and c in turn) get the world's own answers again.
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> List.of("b", "c").contains(holder(key, "fvtt_c6000000000000a6")));
                for (int i = 0; i < 6; i++) {
                    var r = Http.post(URI.create(nginx.http() + "/roll?clientId=fvtt_c6000000000000a6"),
                            "{\"formula\":\"1d" + (i + 2) + "\"}", "x-api-key", key);
                    assertThat(rolledByTheWorld(r)).as(r.body()).isTrue();
                    assertThat(json(r).path("formula").asText()).isEqualTo("1d" + (i + 2));
                }
            } finally {
                world.close();
                moving.close();
            }
        }
    }

    @Test
    @Order(7)
    void aStoppedRelayFinishesItsCallsHandsItsWorldsOffWith1012AndLeavesTheClusterAtOnce() throws Exception {
        try (var leaving = SeparateRelay.start("leaving", env("leaving"));
             var nginx = Nginx.inFrontOf(List.of(leaving.port()), List.of(b.relay().port(), c.relay().port()))) {
            var held = new java.util.concurrent.CopyOnWriteArrayList<ObjectNode>();
            var endpoint = echoing(held);
            var world = new ModuleConnection(sims.network(), nginx.ws(), "fvtt_c6000000000000b6",
                    c.connectionToken("kappa", "fvtt_c6000000000000b6"), endpoint, SimWorlds.FAST);
            var closes = new java.util.concurrent.CopyOnWriteArrayList<Integer>();
            world.addStatusListener(s -> {
                if (world.lastClose() != null) closes.add(world.lastClose().code());
            });
            try {
                world.start();
                assertThat(world.awaitConnected(Duration.ofSeconds(10))).isTrue();
                var key = c.key("kappa", "roll:execute,clients:read");
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                        .until(() -> holder(key, "fvtt_c6000000000000b6").equals("leaving")
                                && json(Http.get(b.uri("/api/status"))).at("/cluster/members").asInt() == 4);
                try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    // One call in flight on the stopping relay, one reaching it from another relay.
                    var direct = CompletableFuture.supplyAsync(() -> Http.post(leaving.uri("/roll"),
                            "{\"formula\":\"hold\"}", "x-api-key", key), pool);
                    var relayed = CompletableFuture.supplyAsync(() -> Http.post(b.uri("/roll"),
                            "{\"formula\":\"hold\"}", "x-api-key", key), pool);
                    await().atMost(Duration.ofSeconds(5)).until(() -> held.size() == 2);

                    leaving.process().destroy(); // SIGTERM
                    // It takes no new call, while those in flight still get their answers.
                    await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                            .until(() -> roll(leaving, key).statusCode() == 503);
                    assertThat(direct).isNotDone();
                    for (var m : held) endpoint.push(m.deepCopy().put("type", "roll-result").put("answeredBy", "the world"));
                    assertThat(rolledByTheWorld(direct.get())).as(direct.get().body()).isTrue();
                    assertThat(rolledByTheWorld(relayed.get())).as(relayed.get().body()).isTrue();
                }
                assertThat(leaving.process().waitFor(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                long exited = System.nanoTime();
                assertThat(closes).contains(1012);
                // Its membership went with it, not seconds later when an entry would expire.
                await().atMost(Duration.ofMillis(1_500)).pollInterval(Duration.ofMillis(50))
                        .until(() -> json(Http.get(b.uri("/api/status"))).at("/cluster/members").asInt() == 3);
                assertThat((System.nanoTime() - exited) / 1_000_000).isLessThan(Cluster.MEMBER_TTL_MILLIS);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> List.of("b", "c").contains(holder(key, "fvtt_c6000000000000b6")));
                var r = Http.post(URI.create(nginx.http() + "/roll"), "{\"formula\":\"1d6\"}", "x-api-key", key);
                assertThat(rolledByTheWorld(r)).as(r.body()).isTrue();
            } finally {
                world.close();
            }
        }
    }

    @Test
    @Order(8)
    void aCallWhoseHolderNeverAnswersEndsWith408AtItsDeadline() throws Exception {
        try (var paused = SeparateRelay.start("paused", env("paused"))) {
            var silent = ScriptedWorld.silent();
            var world = new ModuleConnection(sims.network(), "ws://127.0.0.1:" + paused.port(), "fvtt_c6000000000000c6",
                    b.connectionToken("lambda", "fvtt_c6000000000000c6"), silent, SimWorlds.FAST);
            try {
                world.start();
                assertThat(world.awaitConnected(Duration.ofSeconds(10))).isTrue();
                var key = b.key("lambda", "roll:execute,clients:read");
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                        .until(() -> holder(key, "fvtt_c6000000000000c6").equals("paused"));
                // Frozen, not gone: its connection to Redis stays open and still counts as listening, so only
                // the calling relay's own deadline can end the call.
                signal(paused, "STOP");
                try {
                    long sent = System.nanoTime();
                    var r = roll(b, key, "fvtt_c6000000000000c6", 1);
                    long tookMillis = (System.nanoTime() - sent) / 1_000_000;
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(408);
                    assertThat(json(r).path("error").asText()).isEqualTo("Request timed out");
                    assertThat(tookMillis).isBetween(5_000L, 6_500L); // REQUEST_TIMEOUT_MS, then at most a watch period
                } finally {
                    signal(paused, "CONT");
                }
            } finally {
                world.close();
            }
        }
    }

    private static void signal(SeparateRelay relay, String name) throws Exception {
        var kill = new ProcessBuilder("kill", "-" + name, Long.toString(relay.process().pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private static HttpResponse<String> roll(SeparateRelay via, String key) {
        return Http.post(via.uri("/roll"), "{\"formula\":\"1d6\"}", "x-api-key", key);
    }

    /** The instance holding a world, as {@code GET /clients} on relay b reports it ("" when offline). */
    private static String holder(String key, String clientId) {
        for (var entry : json(Http.get(b.uri("/clients"), "x-api-key", key)).path("clients")) {
            if (entry.path("clientId").asText().equals(clientId) && entry.path("isOnline").asBoolean()) {
                return entry.path("instanceId").asText();
            }
        }
        return "";
    }
}
