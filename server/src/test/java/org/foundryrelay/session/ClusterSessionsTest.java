package org.foundryrelay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.foundryrelay.config.Config.DatabaseConfig;
import org.foundryrelay.session.SessionApi.Oaep;
import org.foundryrelay.sim.web.FoundryFront;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.MainProcess;
import org.foundryrelay.testing.RedisServer;
import org.foundryrelay.testing.SseClient;
import org.foundryrelay.testing.TestDatabases;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Headless sessions behind a load balancer that sends each request to any relay: two relays sharing a real
 * redis-server and a PostgreSQL schema, the relays' own Chromium against the simulator's Foundry front. A
 * session lives on the relay that issued its handshake; every relay starts, lists, ends and uses it, and the
 * sessions of a relay killed with SIGKILL are ended by the survivors.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSessionsTest {
    /** Short, so that idleness shows within the test; the tests keep their sessions busy meanwhile. */
    private static final int IDLE_SECONDS = 5;
    private static final String ADMIN = "admin@sessions.test";
    private static final String ADMIN_PASSWORD = "Across-Relays-1";
    private static RedisServer redis;
    private static DatabaseConfig schema;
    private static TestRelay a, b;
    /** Keys by account, made once: each key made through the CLI opens a store pool of its own. */
    private static final Map<String, String> KEYS = new HashMap<>();
    private FoundryFront front;

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.start();
        schema = TestDatabases.postgres();
        a = TestRelay.start(env("a"));
        b = TestRelay.start(env("b"));
        for (var account : List.of("across", "stranger", "busy", "doomed", "trouble", "landed", "landed-end", "landed-gone")) {
            KEYS.put(account, a.key(account, "session:manage,encounter:read,events:subscribe"));
        }
    }

    private static Map<String, String> env(String id) {
        var env = redis.memberEnv(schema, id);
        env.put("PER_MINUTE_REQUEST_LIMIT", "0");
        env.put("HEADLESS_LAUNCH_TIMEOUT", "20");
        env.put("HEADLESS_SESSION_TIMEOUT", Integer.toString(IDLE_SECONDS));
        // A closed event stream is noticed at its next keep-alive: soon, so that its session's idleness starts soon.
        env.put("SSE_KEEPALIVE_MS", "1000");
        env.put("ADMIN_EMAIL", ADMIN);
        env.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
        return env;
    }

    @AfterAll
    static void stopCluster() {
        for (var r : new TestRelay[] {a, b}) {
            if (r != null) r.close();
        }
        if (redis != null) redis.close();
        if (schema != null) TestDatabases.drop(schema);
    }

    @AfterEach
    void stopFront() {
        if (front != null) front.close();
    }

    /** A Foundry front whose world's module connects to the relay at {@code wsBase} as {@code clientId}. */
    private FoundryFront serve(String wsBase, String clientId) {
        var world = HeadlessBrowserTest.world(a, "lost-mine", "Lost Mine", clientId);
        front = FoundryFront.start(FoundryFront.Options.running(13,
                org.foundryrelay.sim.web.HostedWorld.paired(world.world(), wsBase, clientId)));
        return front;
    }

    private static String key(String account) {
        return KEYS.get(account);
    }

    private static HttpResponse encounters(TestRelay via, String key, String clientId) {
        var r = Http.get(via.uri("/encounters?clientId=" + clientId), "x-api-key", key);
        return new HttpResponse(r.statusCode(), r.body());
    }

    private record HttpResponse(int status, String body) {}

    private static JsonNode ok(java.net.http.HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SessionApi.json(r);
    }

    /** Whether every headless token of the account is revoked, read from the shared schema over one connection. */
    private static boolean tokensRevoked(String account) throws Exception {
        try (var c = DriverManager.getConnection(TestDatabases.PG_URL, TestDatabases.PG_USER, null);
             var ps = c.prepareStatement("SELECT t.revoked_at FROM " + schema.schema() + ".connection_tokens t JOIN "
                     + schema.schema() + ".accounts a ON a.id = t.account_id WHERE a.name = ? AND t.source = 'headless'")) {
            ps.setString(1, account);
            int tokens = 0, revoked = 0;
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    tokens++;
                    if (rs.getObject(1) != null) revoked++;
                }
            }
            return tokens > 0 && revoked == tokens;
        }
    }

    /** The id of the account's live headless token, read from the shared schema. */
    private static String liveHeadlessToken(String account) throws Exception {
        try (var c = DriverManager.getConnection(TestDatabases.PG_URL, TestDatabases.PG_USER, null);
             var ps = c.prepareStatement("SELECT t.id FROM " + schema.schema() + ".connection_tokens t JOIN "
                     + schema.schema() + ".accounts a ON a.id = t.account_id WHERE a.name = ? AND t.source = 'headless'"
                     + " AND t.revoked_at IS NULL")) {
            ps.setString(1, account);
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a live headless token of " + account).isTrue();
                return rs.getString(1);
            }
        }
    }

    /** Starts a session on a (its handshake issued there) whose world's relay URL is b's. */
    private String startOnAWithTheWorldOnB(String account, String clientId) {
        return startOnAWithTheWorldOnBAs(key(account), clientId);
    }

    private String startOnAWithTheWorldOnBAs(String key, String clientId) {
        serve(b.wsBase(), clientId);
        var onA = new SessionApi(a, key);
        var h = onA.handshake(front.url(), "Gamemaster", null);
        var started = ok(onA.start(h.get("token").asText(), startWith(onA, h)));
        assertThat(started.get("clientId").asText()).isEqualTo(clientId);
        assertThat(started.get("worldId").asText()).as("the world's details, read from the cluster").isEqualTo("lost-mine");
        assertThat(b.relay().hub().isOnline(clientId)).as("the module is on b").isTrue();
        assertThat(a.relay().hub().isOnline(clientId)).as("the browser is on a, the module not").isFalse();
        return started.get("sessionId").asText();
    }

    @Test
    @Order(2)
    void aSessionWhoseModuleLandsOnAnotherRelayRunsAndEndsThroughEitherRelay() throws Exception {
        var clientId = "fvtt_0000000000005011";
        var key = key("landed");
        var id = startOnAWithTheWorldOnB("landed", clientId);
        var onA = new SessionApi(a, key);
        var onB = new SessionApi(b, key);
        for (var via : List.of(a, b)) {
            var r = encounters(via, key, clientId);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        for (var api : List.of(onA, onB)) {
            assertThat(api.list().get("activeSessions")).singleElement().satisfies(s -> {
                assertThat(s.get("sessionId").asText()).isEqualTo(id);
                assertThat(s.get("instanceId").asText()).as("held by the browser's relay").isEqualTo("a");
                assertThat(s.get("online").asBoolean()).isTrue();
                assertThat(s.get("worldTitle").asText()).isEqualTo("Lost Mine");
            });
        }

        // Calls only through b, which holds the world, for well over the idle timeout: a counts them as use.
        long until = System.currentTimeMillis() + (IDLE_SECONDS + 3) * 1000L;
        while (System.currentTimeMillis() < until) {
            var r = encounters(b, key, clientId);
            assertThat(r.status()).as("calls through b keep the session on a alive: " + r.body()).isEqualTo(200);
            Thread.sleep(700);
        }
        assertThat(onA.list().get("activeSessions")).as("not ended as idle").hasSize(1);

        // The world drops on b while the tab stays in the game (1012: the module reconnects): the session rides it out.
        assertThat(b.relay().hub().disconnectToken(liveHeadlessToken("landed"), 1012, "Service restart")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> b.relay().hub().isOnline(clientId) && encounters(a, key, clientId).status() == 200);
        // a looks once a second while the world is away: the session must keep running through that.
        await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> onA.list().get("activeSessions").size() == 1);

        // Ended through b, which holds the world but not the session: the world's socket there is closed at once.
        var ended = ok(onB.end(id));
        assertThat(ended.get("sessionId").asText()).isEqualTo(id);
        assertThat(b.relay().hub().isOnline(clientId)).as("offline on b once the end answers").isFalse();
        assertThat(tokensRevoked("landed")).isTrue();
        var listing = onA.list();
        assertThat(listing.get("activeSessions")).isEmpty();
        assertThat(listing.get("endedSessions").get(0).get("endReason").asText()).isEqualTo("ended");
        assertThat(encounters(a, key, clientId).status()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void endingOnTheHoldingRelayClosesTheWorldsSocketOnTheOther() throws Exception {
        var clientId = "fvtt_0000000000005012";
        var id = startOnAWithTheWorldOnB("landed-end", clientId);
        long asked = System.nanoTime();
        ok(new SessionApi(a, key("landed-end")).end(id));
        assertThat(b.relay().hub().isOnline(clientId)).as("offline on b once the end answers").isFalse();
        assertThat((System.nanoTime() - asked) / 1_000_000).as("not left to the revocation poll").isLessThan(3_000);
        assertThat(tokensRevoked("landed-end")).isTrue();
    }

    @Test
    @Order(2)
    void aWorldLeavingAnotherRelayForGoodEndsTheSession() throws Exception {
        var clientId = "fvtt_0000000000005013";
        var id = startOnAWithTheWorldOnB("landed-gone", clientId);
        var onB = new SessionApi(b, key("landed-gone"));
        front.shutdown(); // the world shuts down: the tab leaves the game and the module's socket on b closes
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> onB.list().get("activeSessions").isEmpty());
        var ended = onB.list().get("endedSessions").get(0);
        assertThat(ended.get("sessionId").asText()).isEqualTo(id);
        assertThat(ended.get("endReason").asText()).isEqualTo("world-disconnected");
        assertThat(tokensRevoked("landed-gone")).isTrue();
    }

    @Test
    @Order(2)
    void theDashboardOfEitherRelayListsAndEndsTheSessionsOfEvery() throws Exception {
        var admin = new org.foundryrelay.testing.AccountApi(b);
        var key = admin.createKey(admin.token(ADMIN, ADMIN_PASSWORD), "sessions", "session:manage", "encounter:read")
                .path("key").asText();
        var clientId = "fvtt_0000000000005014";
        var id = startOnAWithTheWorldOnBAs(key, clientId);
        var cookie = "relay_session=" + dashboardSession(b);
        var page = Http.get(b.uri("/dashboard/sessions"), "Cookie", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).as("b lists the session a holds").contains("/dashboard/sessions/" + id + "/end")
                .contains("as Gamemaster · running");
        var csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).isTrue();
        var ended = Http.send(Http.builder(b.uri("/dashboard/sessions/" + id + "/end"), "Cookie", cookie,
                "Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("_csrf=" + csrf.group(1))).build());
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(ended.body()).contains("Session ended.").doesNotContain("/dashboard/sessions/" + id + "/end");
        assertThat(b.relay().hub().isOnline(clientId)).as("the world's socket closed on b").isFalse();
        var listing = new SessionApi(a, key).list();
        assertThat(listing.get("activeSessions")).isEmpty();
        assertThat(listing.get("endedSessions").get(0).get("sessionId").asText()).isEqualTo(id);
    }

    /** Signs the admin in through the dashboard's own form; returns the session cookie's value. */
    private static String dashboardSession(TestRelay relay) {
        var form = Http.get(relay.uri("/dashboard/login"));
        var csrf = cookie(form, "relay_csrf");
        var body = "email=" + java.net.URLEncoder.encode(ADMIN, StandardCharsets.UTF_8) + "&password=" + ADMIN_PASSWORD
                + "&_csrf=" + csrf;
        var signedIn = Http.send(Http.builder(relay.uri("/dashboard/login"), "Cookie", "relay_csrf=" + csrf,
                "Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
        return cookie(signedIn, "relay_session");
    }

    private static String cookie(java.net.http.HttpResponse<String> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie: " + r.statusCode() + " " + r.headers()));
    }

    private static String startWith(SessionApi api, JsonNode handshake) {
        return SessionApi.encrypt(handshake.get("publicKey").asText(), HeadlessBrowserTest.GM_PASSWORD,
                handshake.get("nonce").asText(), Oaep.SHA256);
    }

    @Test
    @Order(1)
    void aHandshakeOnOneRelayStartsThroughAnotherAndEveryRelayListsUsesAndEndsTheSession() throws Exception {
        serve(a.wsBase(), "fvtt_0000000000005001");
        var key = key("across");
        var onA = new SessionApi(a, key);
        var onB = new SessionApi(b, key);

        var h = onA.handshake(front.url(), "Gamemaster", null);
        assertThat(h.get("instanceId").asText()).isEqualTo("a");
        var started = ok(onB.start(h.get("token").asText(), startWith(onA, h)));
        assertThat(started.get("clientId").asText()).isEqualTo("fvtt_0000000000005001");
        assertThat(started.get("worldId").asText()).as("the holder's own answer, world details included").isEqualTo("lost-mine");
        var id = started.get("sessionId").asText();
        assertThat(a.relay().hub().isOnline("fvtt_0000000000005001")).as("the browser, and so the world, is on a").isTrue();
        // A used token reads the same whichever relay it reaches.
        var again = onB.start(h.get("token").asText(), startWith(onA, h));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(SessionApi.json(again).get("reason").asText()).isEqualTo("handshake-used");

        for (var via : List.of(a, b)) {
            var r = encounters(via, key, "fvtt_0000000000005001");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        var listed = onB.list().get("activeSessions");
        assertThat(listed).singleElement().satisfies(s -> {
            assertThat(s.get("sessionId").asText()).isEqualTo(id);
            assertThat(s.get("instanceId").asText()).isEqualTo("a");
            assertThat(s.get("online").asBoolean()).isTrue();
            assertThat(s.get("worldTitle").asText()).isEqualTo("Lost Mine");
        });
        // Another account sees none of it, and cannot end it, through either relay.
        var stranger = new SessionApi(b, key("stranger"));
        assertThat(stranger.list().get("activeSessions")).isEmpty();
        var refused = stranger.end(id);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(SessionApi.json(refused).get("reason").asText()).isEqualTo("session-not-found");

        var ended = ok(onB.end(id));
        assertThat(ended.get("status").asText()).isEqualTo("ok");
        assertThat(ended.get("sessionId").asText()).isEqualTo(id);
        assertThat(a.relay().hub().isOnline("fvtt_0000000000005001")).as("offline once the end answers").isFalse();
        assertThat(tokensRevoked("across")).isTrue();
        var listing = onB.list();
        assertThat(listing.get("activeSessions")).isEmpty();
        assertThat(listing.get("endedSessions").get(0).get("endReason").asText()).isEqualTo("ended");
        assertThat(onB.end(id).statusCode()).as("ended once").isEqualTo(404);
        assertThat(encounters(b, key, "fvtt_0000000000005001").status()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void callsAndEventStreamsThroughAnotherRelayKeepASessionInUseAndIdlenessStillEndsIt() throws Exception {
        serve(a.wsBase(), "fvtt_0000000000005002");
        var key = key("busy");
        var onA = new SessionApi(a, key);
        var id = ok(onA.startSession(front.url(), "Gamemaster", HeadlessBrowserTest.GM_PASSWORD, null, Oaep.SHA256))
                .get("sessionId").asText();
        // Only b is called, for well over the idle timeout: the session on a counts those calls as use.
        long until = System.currentTimeMillis() + (IDLE_SECONDS + 3) * 1000L;
        while (System.currentTimeMillis() < until) {
            var r = encounters(b, key, "fvtt_0000000000005002");
            assertThat(r.status()).as("calls through b keep the session on a alive: " + r.body()).isEqualTo(200);
            Thread.sleep(700);
        }
        // Then only an event stream through b, no calls, for well over the idle timeout: a counts it as use too.
        try (var stream = SseClient.open(b.uri("/rolls/subscribe?clientId=fvtt_0000000000005002"), "x-api-key", key)) {
            assertThat(stream.next(Duration.ofSeconds(5)).event()).isEqualTo("connected");
            long streamUntil = System.currentTimeMillis() + (IDLE_SECONDS + 2) * 1000L;
            while (System.currentTimeMillis() < streamUntil) {
                assertThat(onA.list().get("activeSessions")).as("a stream through b keeps the session on a alive")
                        .hasSize(1);
                Thread.sleep(500);
            }
        }
        long idleFrom = System.currentTimeMillis();
        var onB = new SessionApi(b, key);
        await().atMost(Duration.ofSeconds(IDLE_SECONDS + 10)).pollInterval(Duration.ofMillis(200))
                .until(() -> onB.list().get("activeSessions").isEmpty());
        assertThat(System.currentTimeMillis() - idleFrom).isGreaterThanOrEqualTo((IDLE_SECONDS - 1) * 1000L);
        // The session leaves the live list as it starts ending; its row is marked ended a moment later.
        var ended = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> onB.list().get("endedSessions").get(0), e -> e != null);
        assertThat(ended.get("sessionId").asText()).isEqualTo(id);
        assertThat(ended.get("endReason").asText()).isEqualTo("idle");
    }

    @Test
    @Order(4)
    void theSessionsOfAKilledRelayAreNotListedAndAreEndedByTheSurvivors() throws Exception {
        int port = RedisServer.freePort();
        var dir = Files.createTempDirectory("relay-doomed");
        var env = env("doomed");
        env.put("PORT", Integer.toString(port));
        env.put("HOST", "127.0.0.1");
        env.put("DATA_DIR", dir.toString());
        env.put("HEADLESS_SESSION_TIMEOUT", "0");
        var process = MainProcess.start(env, List.of(), "serve");
        Thread.ofVirtual().start(() -> drain(process.getInputStream()));
        Thread.ofVirtual().start(() -> drain(process.getErrorStream()));
        List<ProcessHandle> browsers = List.of();
        try {
            java.util.function.Function<String, URI> doomed = p -> URI.create("http://127.0.0.1:" + port + p);
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> Http.get(doomed.apply("/health")).statusCode() == 200);
            serve("ws://127.0.0.1:" + port, "fvtt_0000000000005003");
            var key = key("doomed");
            var onDoomed = new SessionApi(doomed, key);
            var onA = new SessionApi(a, key);
            // Handshake on the relay about to die, start through a: the session runs on the doomed relay.
            var h = onDoomed.handshake(front.url(), "Gamemaster", null);
            var id = ok(onA.start(h.get("token").asText(), startWith(onA, h))).get("sessionId").asText();
            assertThat(onA.list().get("activeSessions")).singleElement()
                    .satisfies(s -> assertThat(s.get("instanceId").asText()).isEqualTo("doomed"));
            browsers = process.descendants().toList();

            process.destroyForcibly(); // SIGKILL: nothing is ended on the way out
            process.waitFor();
            long killedAt = System.nanoTime();
            var listing = onA.list();
            assertThat(listing.get("activeSessions")).as("a dead relay's session is not running").isEmpty();
            assertThat((System.nanoTime() - killedAt) / 1_000_000).isLessThan(1_000);
            var end = onA.end(id);
            assertThat(end.statusCode()).as(end.body()).isEqualTo(502);
            assertThat(SessionApi.json(end).get("error").asText()).contains("gone");

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
                var ended = onA.list().get("endedSessions");
                return ended.size() == 1 && ended.get(0).get("endReason").asText().equals("relay-gone");
            });
            assertThat(tokensRevoked("doomed")).isTrue();
            assertThat(onA.end(id).statusCode()).as("ended now").isEqualTo(404);
        } finally {
            process.destroyForcibly();
            process.waitFor();
            browsers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            TestRelay.deleteRecursively(dir);
        }
    }

    @Test
    @Order(5)
    void aStartForAGoneRelayOrWithoutRedisFailsAtOnceWithAClearError() {
        var key = key("trouble");
        var onB = new SessionApi(b, key);
        var ghost = "ab".repeat(32) + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("ghost".getBytes(StandardCharsets.UTF_8));
        long started = System.nanoTime();
        var gone = onB.start(ghost, "AAAA");
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(502);
        assertThat(SessionApi.json(gone).get("error").asText()).contains("ghost");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_000);

        var toA = "cd".repeat(32) + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("a".getBytes(StandardCharsets.UTF_8));
        redis.stop();
        try {
            started = System.nanoTime();
            var down = onB.start(toA, "AAAA");
            assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
            assertThat(SessionApi.json(down).get("error").asText()).contains("Redis is unreachable");
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_000);
        } finally {
            redis.resume();
        }
        // Back: the start reaches a, which answers as it would locally (the token is not one it issued).
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> onB.start(toA, "AAAA").statusCode() == 400);
        assertThat(SessionApi.json(onB.start(toA, "AAAA")).get("reason").asText()).isEqualTo("handshake-unknown");
    }

    private static void drain(java.io.InputStream in) {
        try (in) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (java.io.IOException e) {
            // the process ended
        }
    }
}
