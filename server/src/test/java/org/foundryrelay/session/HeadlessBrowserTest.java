package org.foundryrelay.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.foundryrelay.session.SessionApi.Oaep;
import org.foundryrelay.sim.web.FoundryFront;
import org.foundryrelay.sim.web.HostedWorld;
import org.foundryrelay.sim.web.JoinRules;
import org.foundryrelay.sim.world.Fixture;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.StoreAccess;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Headless sessions end to end: the relay's own Chromium against the simulator's Foundry web front
 * (v13 user select, v14 username field, the setup screen), with the module running in the page. One
 * relay, so one browser, for the whole class; each test has its own Foundry front and account.
 */
class HeadlessBrowserTest {
    static final String GM_PASSWORD = "gm-password";

    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0",
            "HEADLESS_LAUNCH_TIMEOUT", "10"));

    private FoundryFront front;

    @AfterEach
    void stopFront() {
        if (front != null) front.close();
    }

    /** A world of the bundled fixture, paired with {@code relay} as {@code clientId}. */
    static HostedWorld world(TestRelay relay, String id, String title, String clientId) {
        var world = World.builder(Fixture.bundled()).worldId(id).worldTitle(title).random(new SplittableRandom(7)).build();
        return HostedWorld.paired(world, relay.wsBase(), clientId);
    }

    private static HostedWorld world(String id, String title, String clientId) {
        return world(env.relay(), id, title, clientId);
    }

    /** Serves {@code options} with Foundry's own field rules, or stricter ones when they ask for them. */
    private FoundryFront serve(FoundryFront.Options options) {
        front = FoundryFront.start(options.joinRules() == JoinRules.STRICT ? options : options.withJoinRules(JoinRules.VERSION_FIELDS));
        return front;
    }

    private static String key(String account) {
        return env.relay().key(account, "session:manage,encounter:read,clients:read");
    }

    private static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SessionApi.json(r);
    }

    static JsonNode await(SessionApi api, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            var listing = api.list();
            if (condition.test(listing)) return listing;
            if (System.currentTimeMillis() > deadline) throw new AssertionError("never: " + listing);
            Thread.sleep(100);
        }
    }

    private static boolean tokenRevoked(String account) {
        var rows = StoreAccess.query(env.relay(), "SELECT t.revoked_at FROM connection_tokens t JOIN accounts a"
                + " ON a.id = t.account_id WHERE a.name = ? AND t.source = 'headless'", account);
        return !rows.isEmpty() && rows.stream().allMatch(r -> r.get("revoked_at") != null);
    }

    @Test
    void v13WithSha256StartsAnswersThroughTheWorldListsAndEnds() throws Exception {
        serve(FoundryFront.Options.running(13, world("lost-mine", "Lost Mine", "fvtt_0000000000001301")));
        var key = key("v13");
        var api = new SessionApi(env.relay(), key);

        var started = ok(api.startSession(front.url(), "Gamemaster", GM_PASSWORD, null, Oaep.SHA256));
        assertThat(started.get("success").asBoolean()).isTrue();
        assertThat(started.get("clientId").asText()).isEqualTo("fvtt_0000000000001301");
        assertThat(started.get("message").asText()).isEqualTo("Foundry session started successfully");
        assertThat(started.get("worldId").asText()).isEqualTo("lost-mine");
        var sessionId = started.get("sessionId").asText();
        assertThat(sessionId).matches("[0-9a-f-]{36}");
        assertThat(front.logins()).singleElement().satisfies(l -> assertThat(l.field()).isEqualTo("userid"));

        var encounters = Http.get(env.relay().uri("/encounters?clientId=fvtt_0000000000001301"), "x-api-key", key);
        assertThat(encounters.statusCode()).as(encounters.body()).isEqualTo(200);
        assertThat(encounters.body()).contains("\"encounters\"");

        var listing = api.list();
        assertThat(listing.get("pendingSessions")).isEmpty();
        assertThat(listing.get("activeSessions")).singleElement().satisfies(s -> {
            assertThat(s.get("sessionId").asText()).isEqualTo(sessionId);
            assertThat(s.get("id").asText()).isEqualTo(sessionId);
            assertThat(s.get("clientId").asText()).isEqualTo("fvtt_0000000000001301");
            assertThat(s.get("foundryUrl").asText()).isEqualTo(front.url());
            assertThat(s.get("username").asText()).isEqualTo("Gamemaster");
            assertThat(s.get("worldId").asText()).isEqualTo("lost-mine");
            assertThat(s.get("worldTitle").asText()).isEqualTo("Lost Mine");
            assertThat(s.get("foundryVersion").asText()).isEqualTo("13.348");
            assertThat(s.get("systemId").asText()).isNotEmpty();
            assertThat(s.get("systemTitle").asText()).isNotEmpty();
            assertThat(s.get("systemVersion").asText()).isNotEmpty();
            assertThat(s.has("customName")).isTrue();
            assertThat(s.get("lastActivity").asLong()).isGreaterThanOrEqualTo(s.get("startedAt").asLong());
            assertThat(s.get("idleMinutes").asInt()).isZero();
            assertThat(s.get("instanceId").asText()).isEqualTo("local");
            assertThat(s.get("status").asText()).isEqualTo("active");
        });

        var ended = ok(api.end(sessionId));
        assertThat(ended.get("status").asText()).isEqualTo("ok");
        assertThat(ended.get("success").asBoolean()).isTrue();
        assertThat(ended.get("message").asText()).isEqualTo("Session ended");
        assertThat(env.relay().relay().hub().isOnline("fvtt_0000000000001301")).isFalse();
        assertThat(tokenRevoked("v13")).isTrue();
        listing = api.list();
        assertThat(listing.get("activeSessions")).isEmpty();
        assertThat(listing.get("endedSessions").get(0).get("endReason").asText()).isEqualTo("ended");
        var gone = Http.get(env.relay().uri("/encounters?clientId=fvtt_0000000000001301"), "x-api-key", key);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(api.end(sessionId).statusCode()).as("ended once").isEqualTo(404);
    }

    @Test
    void v14WithSha1LogsInByUserNameAndEnds() throws Exception {
        serve(FoundryFront.Options.running(14, world("lost-mine", "Lost Mine", "fvtt_0000000000001401")));
        var key = key("v14");
        var api = new SessionApi(env.relay(), key);
        var started = ok(api.startSession(front.url(), "gamemaster", GM_PASSWORD, null, Oaep.SHA1));
        assertThat(started.get("clientId").asText()).isEqualTo("fvtt_0000000000001401");
        assertThat(front.logins()).singleElement().satisfies(l -> assertThat(l.field()).isEqualTo("username"));
        var encounters = Http.get(env.relay().uri("/encounters?clientId=fvtt_0000000000001401"), "x-api-key", key);
        assertThat(encounters.statusCode()).as(encounters.body()).isEqualTo(200);
        assertThat(api.list().get("activeSessions").get(0).get("foundryVersion").asText()).startsWith("14.");
        ok(api.end(started.get("sessionId").asText()));
        assertThat(env.relay().relay().hub().isOnline("fvtt_0000000000001401")).isFalse();
        assertThat(tokenRevoked("v14")).isTrue();
    }

    @Test
    void strictV14LogsInByTypingTheNameAndPickingTheAutocompleteEntry() throws Exception {
        serve(FoundryFront.Options.running(14, world("lost-mine", "Lost Mine", "fvtt_0000000000001405"))
                .withJoinRules(JoinRules.STRICT));
        var api = new SessionApi(env.relay(), key("strict-v14"));
        var started = ok(api.startSession(front.url(), "gamemaster", GM_PASSWORD, null, Oaep.SHA256));
        assertThat(started.get("clientId").asText()).isEqualTo("fvtt_0000000000001405");
        assertThat(front.logins()).singleElement().satisfies(l -> {
            assertThat(l.field()).isEqualTo("userId");
            assertThat(l.userName()).isEqualTo("Gamemaster");
        });

        // Another account's start for the same user finds the entry greyed out and leaves the first in place.
        var other = new SessionApi(env.relay(), key("strict-v14-other"));
        var busy = other.startSession(front.url(), "Gamemaster", GM_PASSWORD, null, Oaep.SHA256);
        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(409);
        assertThat(SessionApi.json(busy).get("reason").asText()).isEqualTo("user-already-logged-in");
        assertThat(front.logins()).hasSize(1);
        assertThat(env.relay().relay().hub().isOnline("fvtt_0000000000001405")).isTrue();
        ok(api.end(started.get("sessionId").asText()));
    }

    @Test
    void aWrongPasswordGetsFoundrysOwnMessage() throws Exception {
        serve(FoundryFront.Options.running(13, world("lost-mine", "Lost Mine", "fvtt_0000000000001302")));
        var api = new SessionApi(env.relay(), key("wrong-password"));
        var r = api.startSession(front.url(), "Gamemaster", "not-it", null, Oaep.SHA256);
        assertThat(r.statusCode()).isEqualTo(401);
        var body = SessionApi.json(r);
        assertThat(body.get("reason").asText()).isEqualTo("invalid-password");
        assertThat(body.get("foundryError").asText()).isEqualTo("JOIN.ErrorInvalidPassword");
        assertThat(body.get("error").asText()).contains("The password you entered is not correct.");
        assertThat(body.toString()).doesNotContain("not-it");
        assertThat(api.list().get("endedSessions").get(0).get("endReason").asText()).isEqualTo("launch-failed");
        assertThat(tokenRevoked("wrong-password")).isTrue();
    }

    @Test
    void anUnknownUserGetsFoundrysOwnMessageOnBothForms() throws Exception {
        serve(FoundryFront.Options.running(14, world("lost-mine", "Lost Mine", "fvtt_0000000000001402"))
                .withJoinRules(JoinRules.STRICT));
        var api = new SessionApi(env.relay(), key("unknown-user"));
        var r = api.startSession(front.url(), "Nobody", "pw", null, Oaep.SHA256);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(SessionApi.json(r).get("reason").asText()).isEqualTo("unknown-user");
        assertThat(SessionApi.json(r).get("error").asText()).contains("The requested user does not exist.");
        assertThat(front.loginAttempts()).singleElement().satisfies(a -> assertThat(a.error()).isNotNull());
        front.close();
        serve(FoundryFront.Options.running(13, world("lost-mine", "Lost Mine", "fvtt_0000000000001303")));
        var v13 = api.startSession(front.url(), "Nobody", "pw", null, Oaep.SHA256);
        assertThat(v13.statusCode()).isEqualTo(404);
        assertThat(SessionApi.json(v13).get("foundryError").asText()).isEqualTo("JOIN.ErrorUserDoesNotExist");
    }

    @Test
    void theNamedWorldIsLaunchedFromTheSetupScreen() throws Exception {
        serve(FoundryFront.Options.of(14, world("lost-mine", "Lost Mine", "fvtt_0000000000001403"),
                world("second-world", "The Second World", "fvtt_0000000000001404")).withJoinRules(JoinRules.STRICT));
        var api = new SessionApi(env.relay(), key("setup"));

        var nothingNamed = api.startSession(front.url(), "Gamemaster", GM_PASSWORD, null, Oaep.SHA256);
        assertThat(nothingNamed.statusCode()).isEqualTo(409);
        assertThat(SessionApi.json(nothingNamed).get("reason").asText()).isEqualTo("no-world-running");
        assertThat(SessionApi.json(nothingNamed).get("error").asText()).contains("x-world-name", "second-world (The Second World)");
        var unknown = api.startSession(front.url(), "Gamemaster", GM_PASSWORD, "Nowhere", Oaep.SHA256);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(SessionApi.json(unknown).get("reason").asText()).isEqualTo("world-not-found");
        assertThat(front.activeWorld()).isEmpty();

        var started = ok(api.startSession(front.url(), "Gamemaster", GM_PASSWORD, "the second world", Oaep.SHA256));
        assertThat(front.activeWorld()).contains("second-world");
        assertThat(started.get("clientId").asText()).isEqualTo("fvtt_0000000000001404");
        assertThat(started.get("worldId").asText()).isEqualTo("second-world");
        var listed = api.list().get("activeSessions").get(0);
        assertThat(listed.get("worldName").asText()).isEqualTo("the second world");
        assertThat(listed.get("worldTitle").asText()).isEqualTo("The Second World");

        // The running world is the other one now: asking for the first is refused after login.
        var other = api.startSession(front.url(), "Alice", "alice-password", "lost-mine", Oaep.SHA256);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(409);
        assertThat(SessionApi.json(other).get("reason").asText()).isEqualTo("other-world-running");
        ok(api.end(started.get("sessionId").asText()));
    }

    @Test
    void aModuleThatNeverConnectsIs504WithWhatToCheck() throws Exception {
        serve(FoundryFront.Options.running(13, world("lost-mine", "Lost Mine", "fvtt_0000000000001305")));
        var api = new SessionApi(env.relay(), key("no-module"));
        long t0 = System.nanoTime();
        var launch = CompletableFuture.supplyAsync(() -> api.startSession(front.url(), "Alice", "alice-password", null, Oaep.SHA256));
        Thread.sleep(2_000);
        // Another world of the same account coming online meanwhile is not this session's world.
        env.sims().connect(env.relay(), "no-module", "fvtt_0000000000001399");
        var r = launch.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(504);
        var body = SessionApi.json(r);
        assertThat(body.get("reason").asText()).isEqualTo("module-timeout");
        assertThat(body.get("error").asText()).contains("did not connect to this relay within 10 s",
                "'Alice' is not a full Gamemaster (role 1)");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(20);
        assertThat(tokenRevoked("no-module")).isTrue();
    }

    @Test
    void accountsNeitherSeeNorEndEachOthersSessions() throws Exception {
        serve(FoundryFront.Options.running(13, world("lost-mine", "Lost Mine", "fvtt_0000000000001306")));
        var ownerKey = key("owner");
        var owner = new SessionApi(env.relay(), ownerKey);
        var stranger = new SessionApi(env.relay(), key("stranger"));
        var id = ok(owner.startSession(front.url(), "Gamemaster", GM_PASSWORD, null, Oaep.SHA256)).get("sessionId").asText();

        var seen = stranger.list();
        assertThat(seen.get("activeSessions")).isEmpty();
        assertThat(seen.get("pendingSessions")).isEmpty();
        assertThat(seen.get("endedSessions")).isEmpty();
        var refused = stranger.end(id);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(owner.list().get("activeSessions")).singleElement()
                .satisfies(s -> assertThat(s.get("sessionId").asText()).isEqualTo(id));
        assertThat(env.relay().relay().hub().isOnline("fvtt_0000000000001306")).isTrue();
        ok(owner.end(id));
    }

    @Test
    void startsForTheSameWorldAndUserJoinOneLaunch() throws Exception {
        serve(FoundryFront.Options.running(13, world("lost-mine", "Lost Mine", "fvtt_0000000000001307")));
        var api = new SessionApi(env.relay(), key("joined"));
        var a = CompletableFuture.supplyAsync(() -> api.startSession(front.url(), "Gamemaster", GM_PASSWORD, null, Oaep.SHA256));
        var b = CompletableFuture.supplyAsync(() -> api.startSession(front.url(), "GAMEMASTER", GM_PASSWORD, null, Oaep.SHA1));
        var first = ok(a.get(30, TimeUnit.SECONDS));
        var second = ok(b.get(30, TimeUnit.SECONDS));
        assertThat(second.get("sessionId").asText()).isEqualTo(first.get("sessionId").asText());
        assertThat(first.path("existingSession").asBoolean() ^ second.path("existingSession").asBoolean()).isTrue();
        assertThat(front.logins()).hasSize(1);
        assertThat(api.list().get("activeSessions")).hasSize(1);
        ok(api.end(first.get("sessionId").asText()));
    }

    @Test
    void aSessionEndsWhenItsWorldGoesAwayForGood() throws Exception {
        serve(FoundryFront.Options.running(13, world("lost-mine", "Lost Mine", "fvtt_0000000000001308")));
        var api = new SessionApi(env.relay(), key("shutdown"));
        var id = ok(api.startSession(front.url(), "Gamemaster", GM_PASSWORD, null, Oaep.SHA256)).get("sessionId").asText();
        front.shutdown();
        var listing = await(api, l -> l.get("activeSessions").isEmpty() && !l.get("endedSessions").isEmpty());
        assertThat(listing.get("endedSessions").get(0).get("sessionId").asText()).isEqualTo(id);
        assertThat(listing.get("endedSessions").get(0).get("endReason").asText()).isEqualTo("world-disconnected");
        assertThat(tokenRevoked("shutdown")).isTrue();
    }
}
