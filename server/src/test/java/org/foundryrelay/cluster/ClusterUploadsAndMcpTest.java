package org.foundryrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.foundryrelay.config.Config.DatabaseConfig;
import org.foundryrelay.json.Json;
import org.foundryrelay.mcp.McpClients;
import org.foundryrelay.sim.protocol.ModuleConnection;
import org.foundryrelay.sim.protocol.ModuleEndpoint;
import org.foundryrelay.sim.protocol.WorldInfo;
import org.foundryrelay.sim.world.Channel;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RecordingWorld;
import org.foundryrelay.testing.RedisServer;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.SeparateRelay;
import org.foundryrelay.testing.SseClient;
import org.foundryrelay.testing.TestDatabases;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Uploads, MCP's recent events and event subscriptions naming a user behave through one relay as through the
 * relay holding the world: two relays sharing a real redis-server and a PostgreSQL schema, simulated worlds,
 * and a third relay in a JVM of its own to be killed mid-upload.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterUploadsAndMcpTest {
    private static final int MAX_UPLOAD_MB = 8;
    private static RedisServer redis;
    private static DatabaseConfig schema;
    private static TestRelay a, b;
    private static SimWorlds sims;
    private static RedisClient watcher;
    /** The largest pub/sub message any relay published since the start (every channel of the relays). */
    private static final AtomicLong largestMessage = new AtomicLong();

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.start();
        schema = TestDatabases.postgres();
        a = TestRelay.start(env("a"));
        b = TestRelay.start(env("b"));
        sims = new SimWorlds();
        watcher = RedisClient.create(redis.url());
        var pubsub = watcher.connectPubSub();
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                largestMessage.accumulateAndGet(message.length(), Math::max);
            }
        });
        pubsub.sync().psubscribe("fr:*");
    }

    private static Map<String, String> env(String id) {
        var env = redis.memberEnv(schema, id);
        env.put("PER_MINUTE_REQUEST_LIMIT", "0");
        env.put("REQUEST_TIMEOUT_MS", "5000");
        env.put("MAX_UPLOAD_SIZE_MB", Integer.toString(MAX_UPLOAD_MB));
        return env;
    }

    @AfterAll
    static void stopCluster() {
        if (watcher != null) watcher.shutdown();
        if (sims != null) sims.close();
        for (var r : new TestRelay[] {a, b}) {
            if (r != null) r.close();
        }
        if (redis != null) redis.close();
        if (schema != null) TestDatabases.drop(schema);
    }

    /** A world that notes the type of every message the relay sends it. */
    record Recording(World world, List<String> types) implements ModuleEndpoint {
        Recording(String worldId) {
            this(SimWorlds.world(worldId), new CopyOnWriteArrayList<>());
        }

        public WorldInfo info() {
            return world.info();
        }

        public ObjectNode playerList() {
            return world.playerList();
        }

        public ObjectNode handle(ObjectNode message) {
            types.add(message.path("type").asText());
            return world.handle(message);
        }

        public void attach(Consumer<ObjectNode> outbox) {
            world.attach(outbox);
        }
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return Http.CLIENT_FOR_BYTES.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<byte[]> raw(URI base, String key, String query, byte[] body) {
        return send(Http.builder(base.resolve("/upload" + query), "x-api-key", key, "Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static HttpResponse<byte[]> download(TestRelay via, String key, String query) {
        return send(Http.builder(via.uri("/download" + query), "x-api-key", key).GET());
    }

    private static JsonNode json(HttpResponse<byte[]> r) {
        try {
            return Json.parse(new String(r.body(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + new String(r.body(), StandardCharsets.UTF_8), e);
        }
    }

    private static byte[] random(int size, int seed) {
        var bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static String dataUrl(byte[] bytes) {
        return "data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    @Order(1)
    void uploadsThroughAnotherRelayArriveByteForByteInBoundedPieces() {
        var clientId = "fvtt_d100000000000001";
        sims.connect(a, clientId, a.connectionToken("uploads", clientId), new Recording("up-world"));
        var key = a.key("uploads", "file:read,file:write");
        largestMessage.set(0);

        var big = random(6 * 1024 * 1024 + 1, 1); // several pieces, not a multiple of 3 nor of a piece
        var up = raw(b.uri(""), key, "?clientId=" + clientId + "&path=cluster&filename=big.bin", big);
        assertThat(up.statusCode()).as(new String(up.body())).isEqualTo(200);
        assertThat(json(up).path("path").asText()).isEqualTo("cluster/big.bin");

        var large = random(1_500_000, 2); // a data URL long enough to be sent in pieces
        var viaJson = send(Http.builder(b.uri("/upload?clientId=" + clientId), "x-api-key", key, "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"cluster\",\"filename\":\"large.bin\",\"fileData\":\""
                        + dataUrl(large) + "\"}")));
        assertThat(viaJson.statusCode()).as(new String(viaJson.body())).isEqualTo(200);
        assertThat(json(viaJson).path("success").asBoolean()).isTrue();

        var small = "Hello across relays\n".getBytes(StandardCharsets.UTF_8);
        var viaSmallJson = send(Http.builder(b.uri("/upload?clientId=" + clientId), "x-api-key", key, "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"cluster\",\"filename\":\"hello.txt\",\"fileData\":\"data:text/plain;base64,"
                        + Base64.getEncoder().encodeToString(small) + "\"}")));
        assertThat(viaSmallJson.statusCode()).as(new String(viaSmallJson.body())).isEqualTo(200);

        assertThat(largestMessage.get()).as("no pub/sub message carries the bytes").isLessThan(64 * 1024);
        assertThat(download(a, key, "?clientId=" + clientId + "&path=cluster/big.bin").body()).isEqualTo(big);
        assertThat(download(b, key, "?clientId=" + clientId + "&path=cluster/hello.txt").body()).isEqualTo(small);
        try (var redisKeys = watcher.connect()) {
            await().atMost(Duration.ofSeconds(2)).until(() -> redisKeys.sync().keys("fr:up:*").isEmpty());
        }
    }

    @Test
    @Order(1)
    void largeAnswersFromAnotherRelayArriveWholeThroughBoundedPieces() {
        var clientId = "fvtt_d100000000000011";
        sims.connect(a, clientId, a.connectionToken("downloads", clientId), new Recording("down-world"));
        var key = a.key("downloads", "file:read,file:write");
        var big = random(6 * 1024 * 1024 + 2, 11); // its answer: 8 MiB of base64, about 32 pieces, the last one short
        var exact = random(Pieces.PIECE_CHARS * 3 / 4 - 200, 12); // an answer just under or over one piece
        for (var f : Map.of("big.bin", big, "exact.bin", exact).entrySet()) {
            var up = raw(a.uri(""), key, "?clientId=" + clientId + "&path=down&filename=" + f.getKey(), f.getValue());
            assertThat(up.statusCode()).as(new String(up.body())).isEqualTo(200);
        }
        largestMessage.set(0);

        var downloads = List.of(
                CompletableFuture.supplyAsync(() -> download(b, key, "?clientId=" + clientId + "&path=down/big.bin")),
                CompletableFuture.supplyAsync(() -> download(b, key, "?clientId=" + clientId + "&path=down/big.bin")));
        for (var d : downloads) {
            var r = d.join();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).as("byte for byte, twice at once").isEqualTo(big);
        }
        assertThat(download(b, key, "?clientId=" + clientId + "&path=down/exact.bin").body()).isEqualTo(exact);
        var missing = download(b, key, "?clientId=" + clientId + "&path=down/none.bin");
        assertThat(missing.statusCode()).as("a short answer keeps its status").isEqualTo(download(a, key,
                "?clientId=" + clientId + "&path=down/none.bin").statusCode());

        assertThat(largestMessage.get()).as("no pub/sub message carries a large answer")
                .isGreaterThan(0).isLessThanOrEqualTo(Pieces.PIECE_CHARS + 1024);
        try (var redisKeys = watcher.connect()) {
            await().atMost(Duration.ofSeconds(2)).until(() -> redisKeys.sync().keys("fr:rep:*").isEmpty());
        }
    }

    @Test
    @Order(2)
    void refusalsComeFromTheReceivingRelayBeforeAnythingReachesTheWorld() {
        var clientId = "fvtt_d200000000000002";
        var world = new Recording("refusals-world");
        sims.connect(a, clientId, a.connectionToken("refusals", clientId), world);
        var key = a.key("refusals", "file:read,file:write");
        var base = "/upload?clientId=" + clientId;

        var tooBig = send(Http.builder(b.uri(base + "&path=x&filename=big.bin"), "x-api-key", key,
                "Content-Type", "application/octet-stream").expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[MAX_UPLOAD_MB * 1024 * 1024 + 1])));
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(new String(tooBig.body())).isEqualTo("{\"error\":\"Upload too large (limit " + MAX_UPLOAD_MB + " MB)\"}");

        var unsized = send(Http.builder(b.uri(base + "&path=x&filename=c.bin"), "x-api-key", key,
                "Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[10]))));
        assertThat(unsized.statusCode()).isEqualTo(411);

        var rawTraversal = raw(b.uri(""), key, "?clientId=" + clientId + "&path=..&filename=x.bin", new byte[] {1, 2, 3});
        assertThat(rawTraversal.statusCode()).isEqualTo(400);
        assertThat(json(rawTraversal).path("error").asText()).contains("'path' must be a relative path");
        var jsonTraversal = send(Http.builder(b.uri(base), "x-api-key", key, "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"ok\",\"filename\":\"../../evil.js\",\"fileData\":\""
                        + dataUrl(random(400_000, 3)) + "\"}")));
        assertThat(jsonTraversal.statusCode()).isEqualTo(400);

        assertThat(world.types()).as("nothing was sent to the world").doesNotContain("upload-file");
    }


    /** A request body of {@code size} bytes that stops after {@code first} bytes until {@code resume} opens. */
    private static InputStream pausing(int size, int first, AtomicInteger given, CountDownLatch resume) {
        return new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (given.get() >= size) return -1;
                if (given.get() >= first) {
                    try {
                        if (!resume.await(20, TimeUnit.SECONDS)) throw new IOException("never resumed");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
                int limit = given.get() < first ? first : size;
                int n = Math.min(length, limit - given.get());
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) 7);
                given.addAndGet(n);
                return n;
            }
        };
    }

    @Test
    @Order(3)
    void anUploadWhoseHolderIsKilledMidWayOrIsGoneEndsAtOnceWith502() throws Exception {
        var clientId = "fvtt_d300000000000003";
        try (var killed = SeparateRelay.start("killed", env("killed"))) {
            var world = new ModuleConnection(sims.network(), "ws://127.0.0.1:" + killed.port(), clientId,
                    b.connectionToken("killing", clientId), new Recording("killed-world"), SimWorlds.FAST);
            try {
                world.start();
                assertThat(world.awaitConnected(Duration.ofSeconds(10))).isTrue();
                var key = b.key("killing", "file:write,clients:read");
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() ->
                        Json.parse(Http.get(b.uri("/clients"), "x-api-key", key).body()).at("/clients/0/instanceId").asText().equals("killed"));

                int size = 5 * 1024 * 1024;
                var given = new AtomicInteger();
                var resume = new CountDownLatch(1);
                var upload = CompletableFuture.supplyAsync(() -> send(Http.builder(
                                b.uri("/upload?clientId=" + clientId + "&path=x&filename=cut.bin"), "x-api-key", key,
                                "Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> pausing(size, 2 * 1024 * 1024, given, resume)), size))));
                await().atMost(Duration.ofSeconds(10)).until(() -> given.get() >= 2 * 1024 * 1024);
                long killedAt = System.nanoTime();
                killed.process().destroyForcibly();
                resume.countDown();
                var cut = upload.get(5, TimeUnit.SECONDS);
                assertThat(cut.statusCode()).as(new String(cut.body())).isEqualTo(502);
                assertThat(json(cut).path("error").asText()).contains("relay holding this Foundry world is gone");
                assertThat((System.nanoTime() - killedAt) / 1_000_000).isLessThan(1_500);

                // Its entry is still in Redis, but it names a relay that no longer listens. Until the next beat
                // (0.5 s) this relay may still believe the world is there and finds nobody listening (502, try
                // again shortly); after it, the world is offline as on one relay (404). Either way, at once.
                long asked = System.nanoTime();
                var gone = raw(b.uri(""), key, "?clientId=" + clientId + "&path=x&filename=next.bin", random(300_000, 4));
                assertThat(gone.statusCode()).as(new String(gone.body())).isIn(404, 502);
                assertThat(gone.statusCode() == 404 ? json(gone).path("message").asText() : json(gone).path("error").asText())
                        .containsAnyOf("No Foundry client connected", "relay holding this Foundry world is gone");
                assertThat((System.nanoTime() - asked) / 1_000_000).isLessThan(1_000);
            } finally {
                world.close();
            }
        }
    }

    @Test
    @Order(3)
    void aDownloadWhoseHolderIsKilledWhileSendingItEndsAtOnceWith502() throws Exception {
        var clientId = "fvtt_d300000000000013";
        try (var killed = SeparateRelay.start("killed-sending", env("killed-sending"));
             var headers = watcher.connectPubSub()) {
            var world = new ModuleConnection(sims.network(), "ws://127.0.0.1:" + killed.port(), clientId,
                    b.connectionToken("cutting", clientId), new Recording("cut-world"), SimWorlds.FAST);
            try {
                world.start();
                assertThat(world.awaitConnected(Duration.ofSeconds(10))).isTrue();
                var key = b.key("cutting", "file:read,file:write,clients:read");
                var big = random(6 * 1024 * 1024, 13);
                var up = raw(URI.create("http://127.0.0.1:" + killed.port()), key,
                        "?clientId=" + clientId + "&path=cut&filename=big.bin", big);
                assertThat(up.statusCode()).as(new String(up.body())).isEqualTo(200);
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() ->
                        Json.parse(Http.get(b.uri("/clients"), "x-api-key", key).body()).at("/clients/0/instanceId")
                                .asText().equals("killed-sending"));

                // Killed as soon as it announces the answer's pieces: it cannot be more than a window ahead of b.
                var killedAt = new AtomicLong();
                headers.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        if (message.startsWith("pieces\n") && killedAt.get() == 0) {
                            killed.process().destroyForcibly();
                            killedAt.set(System.nanoTime());
                        }
                    }
                });
                headers.sync().subscribe(Cluster.channel("b"));
                var cut = download(b, key, "?clientId=" + clientId + "&path=cut/big.bin");
                assertThat(killedAt.get()).as("the answer was announced in pieces").isNotZero();
                assertThat(cut.statusCode()).as(new String(cut.body())).isEqualTo(502);
                assertThat(json(cut).path("error").asText()).contains("relay holding this Foundry world is gone");
                assertThat((System.nanoTime() - killedAt.get()) / 1_000_000).isLessThan(1_500);
            } finally {
                world.close();
            }
        }
        try (var redisKeys = watcher.connect()) {
            await().atMost(Duration.ofSeconds(2)).until(() -> redisKeys.sync().keys("fr:rep:*:d").isEmpty());
        }
    }

    private static List<String> ids(JsonNode recent) {
        var out = new java.util.ArrayList<String>();
        recent.path("events").forEach(e -> out.add(e.path("id").asText()));
        return out;
    }

    private static List<String> names(JsonNode recent) {
        var out = new java.util.ArrayList<String>();
        recent.path("events").forEach(e -> out.add(e.path("event").asText()));
        return out;
    }

    @Test
    @Order(4)
    void mcpRecentEventsThroughAnotherRelayComeFromTheSharedHistory() throws Exception {
        var clientId = "fvtt_d400000000000004";
        var world = SimWorlds.world("mcp-world");
        sims.connect(a, clientId, a.connectionToken("mcp", clientId), world);
        var listen = a.key("mcp", "events:subscribe");
        try (var sse = SseClient.open(a.uri("/rolls/subscribe?clientId=" + clientId), "x-api-key", listen)) {
            assertThat(sse.next(Duration.ofSeconds(5)).event()).isEqualTo("connected");
            await().atMost(Duration.ofSeconds(5)).until(() -> world.activeChannels().contains(Channel.ROLL));
            world.chatRoll("Alice", "1d1+1");
            world.chatRoll("Bob", "1d1+2");
            var first = sse.next(Duration.ofSeconds(5));
            var second = sse.next(Duration.ofSeconds(5));
            assertThat(second).isNotNull();

            try (var client = McpClients.connected(b, b.key("mcp", "roll:read"))) {
                var recent = McpClients.structured(McpClients.call(client, "recent_events", Map.of("clientId", clientId)));
                assertThat(ids(recent)).as(recent.toString())
                        .containsExactly(second.id(), first.id());
                assertThat(names(recent)).containsExactly("roll", "roll");
                assertThat(recent.has("recentRolls")).as("rolls were recorded: no fallback").isFalse();
            }
            // A key bound to a Foundry user sees only that user's rolls, as its subscriptions do.
            try (var client = McpClients.connected(b, b.key("mcp", "roll:read", "--foundry-user", "Alice"))) {
                var recent = McpClients.structured(McpClients.call(client, "recent_events", Map.of("clientId", clientId)));
                assertThat(ids(recent)).as(recent.toString()).containsExactly(first.id());
            }
        }
    }

    /** A refusal's status and body. */
    private record Refusal(int statusCode, String body) {}

    // A subscription that should be refused; one wrongly accepted is a stream that never ends, so it is not read.
    private static Refusal refused(URI uri, String key) throws Exception {
        var r = Http.CLIENT_FOR_BYTES.send(Http.builder(uri, "x-api-key", key).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (var body = r.body()) {
            return new Refusal(r.statusCode(), r.statusCode() == 200 ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    @Order(5)
    void aSubscriptionNamingAUserIsCheckedByTheWorldOnAnotherRelay() throws Exception {
        var clientId = "fvtt_d500000000000005";
        var world = SimWorlds.world("users-world");
        sims.connect(a, clientId, a.connectionToken("users", clientId), world);
        var key = b.key("users", "events:subscribe");
        var rolls = "/rolls/subscribe?clientId=" + clientId;
        var nobody = refused(b.uri(rolls + "&userId=Nobody"), key);
        assertThat(nobody.statusCode()).isEqualTo(400);
        assertThat(Json.parse(nobody.body()).path("error").asText()).isEqualTo("User not found: Nobody");
        var bound = b.key("users", "events:subscribe", "--foundry-user", "Zed");
        var zed = refused(b.uri(rolls), bound);
        assertThat(zed.statusCode()).isEqualTo(400);
        assertThat(Json.parse(zed.body()).path("error").asText()).isEqualTo("User not found: Zed");
        // Bob's chat stream on b leaves out a whisper to Alice: the world's users tell who Bob is.
        var poster = a.key("users", "chat:write");
        try (var alice = SseClient.open(b.uri(rolls + "&userId=alice"), "x-api-key", key);
             var bob = SseClient.open(b.uri("/chat/subscribe?clientId=" + clientId + "&userId=Bob"), "x-api-key", key)) {
            assertThat(alice.next(Duration.ofSeconds(5)).event()).as("a user's name in any case").isEqualTo("connected");
            assertThat(bob.next(Duration.ofSeconds(5)).event()).isEqualTo("connected");
            await().atMost(Duration.ofSeconds(5)).until(() -> world.activeChannels().contains(Channel.CHAT));
            Http.post(a.uri("/chat?clientId=" + clientId), "{\"content\":\"secret\",\"whisper\":[\"Alice\"]}", "x-api-key", poster);
            Http.post(a.uri("/chat?clientId=" + clientId), "{\"content\":\"hello\"}", "x-api-key", poster);
            var next = bob.next(Duration.ofSeconds(5));
            assertThat(next).isNotNull();
            assertThat(Json.parse(next.data()).path("content").asText()).as("the whisper to Alice is left out").isEqualTo("hello");
        }
    }

    @Test
    @Order(6)
    void aWorldReachesAnotherOfItsAccountHeldByAnotherRelay() throws Exception {
        var from = new RecordingWorld(SimWorlds.world("from-world"));
        sims.connect(a, "fvtt_d700000000000007", a.connectionToken("remote", "fvtt_d700000000000007"), from);
        sims.connect(b, "fvtt_d700000000000008", b.connectionToken("remote", "fvtt_d700000000000008"), SimWorlds.world("to-world"));
        var token = a.cli("tokens", "list", "--account", "remote").out().lines()
                .filter(l -> l.contains("clientId=fvtt_d700000000000007")).findFirst().orElseThrow().split(" ")[0];
        assertThat(a.cli("tokens", "allow-targets", token, "fvtt_d700000000000008", "--scopes", "roll:execute").exitCode()).isZero();

        from.push(Json.object().put("type", "get-known-clients").put("requestId", "kc1"));
        var known = from.await(m -> m.path("type").asText().equals("known-clients-result"));
        assertThat(known).isNotNull();
        assertThat(known.at("/clients/0/clientId").asText()).isEqualTo("fvtt_d700000000000008");
        assertThat(known.at("/clients/0/isOnline").asBoolean()).as(known.toString()).isTrue();

        var call = Json.object().put("type", "remote-request").put("requestId", "rr1")
                .put("targetClientId", "fvtt_d700000000000008").put("action", "roll");
        call.putObject("payload").put("formula", "1d1+4");
        from.push(call);
        var answer = from.await(m -> m.path("type").asText().equals("remote-response"));
        assertThat(answer).isNotNull();
        assertThat(answer.path("success").asBoolean()).as(answer.toString()).isTrue();
        assertThat(answer.at("/data/data/roll/total").asInt()).isEqualTo(5);
    }

    @Test
    @Order(6)
    void theAccountApiShowsAWorldOnAnotherRelayAsOnline() {
        var created = a.cliWithInput("Correct-Horse-9\n", "accounts", "create", "owner", "--email", "owner@example.com",
                "--password-stdin");
        assertThat(created.exitCode()).as(created.err()).isZero();
        sims.connect(a, "fvtt_d800000000000009", a.connectionToken("owner", "fvtt_d800000000000009"), SimWorlds.world("owned"));
        var accounts = new org.foundryrelay.testing.AccountApi(b);
        var session = accounts.token("owner@example.com", "Correct-Horse-9");
        var clients = accounts.call("GET", "/auth/known-clients", session, null).body();
        assertThat(clients.at("/clients/0/clientId").asText()).isEqualTo("fvtt_d800000000000009");
        assertThat(clients.at("/clients/0/isOnline").asBoolean()).as(clients.toString()).isTrue();
    }

    @Test
    @Order(7)
    void withRedisDownAnUploadToAWorldOnAnotherRelayIs503AtOnce() {
        var clientId = "fvtt_d600000000000006";
        sims.connect(a, clientId, a.connectionToken("outage", clientId), SimWorlds.world("outage-world"));
        var key = a.key("outage", "file:write");
        redis.stop();
        try {
            long asked = System.nanoTime();
            var r = raw(b.uri(""), key, "?clientId=" + clientId + "&path=x&filename=o.bin", random(300_000, 5));
            assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(503);
            assertThat(json(r).path("error").asText()).contains("Redis");
            assertThat((System.nanoTime() - asked) / 1_000_000).isLessThan(1_000);
            var local = raw(a.uri(""), key, "?clientId=" + clientId + "&path=x&filename=local.bin", random(300_000, 6));
            assertThat(local.statusCode()).as("the holder keeps serving its world").isEqualTo(200);
        } finally {
            redis.resume();
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                raw(b.uri(""), key, "?clientId=" + clientId + "&path=x&filename=back.bin", random(300_000, 7)).statusCode() == 200);
    }
}
