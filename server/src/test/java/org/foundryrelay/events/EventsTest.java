package org.foundryrelay.events;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import org.foundryrelay.json.Json;
import org.foundryrelay.sim.world.Channel;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.SseClient;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.foundryrelay.testing.RelayExtension;

/** Live roll and combat events over real SSE from a simulated world. */
class EventsTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0", "SSE_KEEPALIVE_MS", "200", "SSE_MAX_STREAMS", "3"));





    private World connect(String account, String clientId) {
        var world = SimWorlds.world(clientId + "-w");
        env.sims().connect(env.relay(), clientId, env.relay().connectionToken(account, clientId), world);
        return world;
    }

    private SseClient rolls(String key, String query, String... headers) {
        var all = new ArrayList<String>(java.util.List.of("x-api-key", key));
        all.addAll(java.util.List.of(headers));
        return SseClient.open(env.relay().uri("/rolls/subscribe" + query), all.toArray(String[]::new));
    }

    private static void awaitChannel(World world, Channel channel, boolean on) throws InterruptedException {
        await(channel + " on=" + on).atMost(java.time.Duration.ofSeconds(10))
                .until(() -> world.activeChannels().contains(channel) == on);
    }

    @Test
    void headersAndTheFirstFrameComeAtOnceWhateverTheAcceptHeader() throws Exception {
        connect("sse-headers", "fvtt_3000000000000001");
        var key = env.relay().key("sse-headers", "events:subscribe");
        try (var sse = rolls(key, "?clientId=fvtt_3000000000000001")) {
            assertThat(sse.status()).isEqualTo(200);
            var h = sse.response().headers();
            assertThat(h.firstValue("Content-Type")).hasValue("text/event-stream");
            assertThat(h.firstValue("Cache-Control")).hasValue("no-cache");
            var first = sse.next(WAIT);
            assertThat(first.event()).isEqualTo("connected");
            assertThat(first.data()).isEqualTo("{\"clientId\":\"fvtt_3000000000000001\"}");
            assertThat(sse.nextRaw(WAIT).event()).as("keep-alive comments flow").isEqualTo("comment");
        }
    }

    @Test
    void rollsArriveFlatOnceEachAndInOrderAndSwitchTheModuleChannel() throws Exception {
        var world = connect("sse-rolls", "fvtt_3000000000000002");
        var key = env.relay().key("sse-rolls", "events:subscribe");
        try (var sse = rolls(key, "?clientId=fvtt_3000000000000002")) {
            assertThat(sse.next(WAIT).event()).isEqualTo("connected");
            awaitChannel(world, Channel.ROLL, true);
            for (int i = 1; i <= 5; i++) world.chatRoll("Alice", "1d1+" + i);
            long lastId = 0;
            for (int i = 1; i <= 5; i++) {
                var f = sse.next(WAIT);
                assertThat(f.event()).isEqualTo("roll");
                var roll = Json.parse(f.data());
                assertThat(roll.has("type")).as("not wrapped").isFalse();
                assertThat(roll.path("formula").asText()).isEqualTo("1d1+" + i);
                assertThat(roll.path("rollTotal").asInt()).isEqualTo(1 + i);
                assertThat(roll.at("/user/name").asText()).isEqualTo("Alice");
                long id = Long.parseLong(f.id());
                assertThat(id).isGreaterThan(lastId);
                lastId = id;
            }
            assertThat(sse.next(Duration.ofMillis(400))).as("nothing twice").isNull();
        }
        awaitChannel(world, Channel.ROLL, false);
    }

    @Test
    void theUserFilterKeepsOnlyThatUsersRolls() throws Exception {
        var world = connect("sse-user", "fvtt_3000000000000003");
        var key = env.relay().key("sse-user", "events:subscribe");
        try (var sse = rolls(key, "?clientId=fvtt_3000000000000003&userId=bob")) {
            assertThat(sse.next(WAIT).event()).isEqualTo("connected");
            awaitChannel(world, Channel.ROLL, true);
            world.chatRoll("Alice", "1d1");
            world.chatRoll("Bob", "1d1+1");
            var f = sse.next(WAIT);
            assertThat(Json.parse(f.data()).at("/user/name").asText()).isEqualTo("Bob");
            assertThat(sse.next(Duration.ofMillis(300))).isNull();
        }
        var unknown = Http.get(env.relay().uri("/rolls/subscribe?clientId=fvtt_3000000000000003&userId=Zed"), "x-api-key", key);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"User not found: Zed\"}");
    }

    @Test
    void aClientResumingWithLastEventIdGetsWhatItMissedWithoutDuplicates() throws Exception {
        var world = connect("sse-resume", "fvtt_3000000000000004");
        var key = env.relay().key("sse-resume", "events:subscribe");
        String lastSeen;
        try (var sse = rolls(key, "?clientId=fvtt_3000000000000004")) {
            sse.next(WAIT);
            awaitChannel(world, Channel.ROLL, true);
            world.chatRoll("Alice", "1d1+1");
            world.chatRoll("Alice", "1d1+2");
            sse.next(WAIT);
            lastSeen = sse.next(WAIT).id();
        }
        // Missed while disconnected; a second subscriber keeps the channel on meanwhile.
        try (var keeper = rolls(key, "?clientId=fvtt_3000000000000004")) {
            keeper.next(WAIT);
            for (int i = 3; i <= 5; i++) world.chatRoll("Alice", "1d1+" + i);
            try (var resumed = rolls(key, "?clientId=fvtt_3000000000000004", "Last-Event-ID", lastSeen)) {
                assertThat(resumed.next(WAIT).event()).isEqualTo("connected");
                for (int i = 3; i <= 5; i++) {
                    assertThat(Json.parse(resumed.next(WAIT).data()).path("formula").asText()).isEqualTo("1d1+" + i);
                }
                world.chatRoll("Alice", "1d1+6");
                assertThat(Json.parse(resumed.next(WAIT).data()).path("formula").asText()).isEqualTo("1d1+6");
                assertThat(resumed.next(Duration.ofMillis(300))).isNull();
            }
        }
    }

    @Test
    void streamsPerWorldAreCappedWithAClearError() throws Exception {
        connect("sse-cap", "fvtt_3000000000000005");
        var key = env.relay().key("sse-cap", "events:subscribe");
        var open = new ArrayList<SseClient>();
        try {
            for (int i = 0; i < 3; i++) {
                var s = rolls(key, "?clientId=fvtt_3000000000000005");
                assertThat(s.status()).isEqualTo(200);
                open.add(s);
            }
            var refused = Http.get(env.relay().uri("/rolls/subscribe?clientId=fvtt_3000000000000005"), "x-api-key", key);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("Too many SSE connections");
            var combat = SseClient.open(env.relay().uri("/encounters/subscribe?clientId=fvtt_3000000000000005"), "x-api-key", key);
            assertThat(combat.status()).as("the cap is per channel").isEqualTo(200);
            open.add(combat);
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void aReconnectWithLastEventIdTakesOverItsOwnSlotAtTheCap() throws Exception {
        var world = connect("sse-takeover", "fvtt_3000000000000009");
        var key = env.relay().key("sse-takeover", "events:subscribe");
        var other = env.relay().key("sse-takeover", "events:subscribe");
        var open = new ArrayList<SseClient>();
        try {
            for (int i = 0; i < 3; i++) {
                var s = rolls(key, "?clientId=fvtt_3000000000000009");
                assertThat(s.status()).isEqualTo(200);
                assertThat(s.next(Duration.ofSeconds(5)).event()).isEqualTo("connected");
                open.add(s);
            }
            var dropped = open.getFirst(); // its connection is gone, though the relay has not noticed yet
            awaitChannel(world, Channel.ROLL, true);
            world.chatRoll("Alice", "1d1");
            var seen = dropped.next(Duration.ofSeconds(5));
            assertThat(seen.event()).isEqualTo("roll");

            var stranger = Http.get(env.relay().uri("/rolls/subscribe?clientId=fvtt_3000000000000009"),
                    "x-api-key", other, "Last-Event-ID", seen.id());
            assertThat(stranger.statusCode()).as("another key cannot take the slot").isEqualTo(429);
            var noResume = Http.get(env.relay().uri("/rolls/subscribe?clientId=fvtt_3000000000000009"), "x-api-key", key);
            assertThat(noResume.statusCode()).as("no Last-Event-ID: nothing to recognise").isEqualTo(429);

            var reconnect = rolls(key, "?clientId=fvtt_3000000000000009", "Last-Event-ID", seen.id());
            open.add(reconnect);
            assertThat(reconnect.status()).isEqualTo(200);
            assertThat(dropped.ended(Duration.ofSeconds(5))).as("the old stream is closed").isTrue();
            world.chatRoll("Alice", "1d1+1");
            assertThat(reconnect.next(Duration.ofSeconds(5)).event()).isEqualTo("connected");
            assertThat(reconnect.next(Duration.ofSeconds(5)).data()).contains("\"rollTotal\":2");
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void whenTheWorldDisconnectsEachStreamGetsAFinalEventAndCloses() throws Exception {
        var token = env.relay().connectionToken("sse-gone", "fvtt_3000000000000006");
        var conn = env.sims().connect(env.relay(), "fvtt_3000000000000006", token, SimWorlds.world("gone"));
        var key = env.relay().key("sse-gone", "events:subscribe");
        try (var sse = rolls(key, "?clientId=fvtt_3000000000000006")) {
            sse.next(WAIT);
            conn.close();
            var last = sse.next(WAIT);
            assertThat(last.event()).isEqualTo("disconnected");
            assertThat(last.data()).contains("\"clientId\":\"fvtt_3000000000000006\"");
            assertThat(sse.ended(WAIT)).isTrue();
        }
    }

    @Test
    void aReconnectingWorldIsToldAgainWhichChannelsAreWanted() throws Exception {
        var token = env.relay().connectionToken("sse-again", "fvtt_3000000000000007");
        env.sims().connect(env.relay(), "fvtt_3000000000000007", token, SimWorlds.world("again"));
        var key = env.relay().key("sse-again", "events:subscribe");
        try (var sse = rolls(key, "?clientId=fvtt_3000000000000007")) {
            sse.next(WAIT);
            var reloaded = SimWorlds.world("again");
            env.sims().connect(env.relay(), "fvtt_3000000000000007", token, reloaded); // a reloaded tab replaces the socket
            awaitChannel(reloaded, Channel.ROLL, true);
            reloaded.chatRoll("Bob", "1d1+9");
            assertThat(Json.parse(sse.next(WAIT).data()).path("rollTotal").asInt()).isEqualTo(10);
        }
    }

    @Test
    void combatEventsForOneEncounter() throws Exception {
        var world = connect("sse-combat", "fvtt_3000000000000008");
        var key = env.relay().key("sse-combat", "events:subscribe,encounter:manage");
        var started = Http.post(env.relay().uri("/start-encounter"), "{\"startWithPlayers\":true}", "x-api-key", key);
        assertThat(started.statusCode()).isEqualTo(200);
        var encounterId = Json.parse(started.body()).at("/encounter/id").asText();
        try (var mine = SseClient.open(env.relay().uri("/encounters/subscribe?clientId=fvtt_3000000000000008&encounterId=" + encounterId), "x-api-key", key);
             var other = SseClient.open(env.relay().uri("/encounters/subscribe?clientId=fvtt_3000000000000008&encounterId=nope"), "x-api-key", key)) {
            mine.next(WAIT);
            other.next(WAIT);
            awaitChannel(world, Channel.COMBAT, true);
            assertThat(Http.post(env.relay().uri("/next-turn"), "{}", "x-api-key", key).statusCode()).isEqualTo(200);
            var turn = mine.next(WAIT);
            assertThat(turn.event()).isEqualTo("combat-turn");
            assertThat(Json.parse(turn.data()).path("encounterId").asText()).isEqualTo(encounterId);
            assertThat(Http.post(env.relay().uri("/end-encounter"), "{}", "x-api-key", key).statusCode()).isEqualTo(200);
            assertThat(mine.next(WAIT).event()).isEqualTo("combat-end");
            assertThat(other.next(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void subscriptionErrors() {
        connect("sse-errors", "fvtt_3000000000000009");
        var key = env.relay().key("sse-errors", "events:subscribe");
        assertThat(Http.get(env.relay().uri("/rolls/subscribe"), "x-api-key", key).body())
                .isEqualTo("{\"error\":\"'clientId' is required\"}");
        var offline = Http.get(env.relay().uri("/rolls/subscribe?clientId=fvtt_nothere"), "x-api-key", key);
        assertThat(offline.statusCode()).isEqualTo(404);
        var noScope = env.relay().key("sse-errors", "roll:read");
        assertThat(Http.get(env.relay().uri("/rolls/subscribe?clientId=fvtt_3000000000000009"), "x-api-key", noScope).body())
                .isEqualTo("{\"error\":\"API key lacks required scope: events:subscribe\"}");
        var other = env.relay().key("sse-stranger", "events:subscribe");
        assertThat(Http.get(env.relay().uri("/rolls/subscribe?clientId=fvtt_3000000000000009"), "x-api-key", other).statusCode())
                .as("another account's world does not exist for this key").isEqualTo(404);
    }
}
