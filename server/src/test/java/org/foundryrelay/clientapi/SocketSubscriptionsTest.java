package org.foundryrelay.clientapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.foundryrelay.json.Json;
import org.foundryrelay.sim.world.Channel;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.testing.ApiSocket;
import org.foundryrelay.testing.RecordingWorld;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Event subscriptions over {@code /ws/api}, together with SSE, and what a client that stops reading costs. */
class SocketSubscriptionsTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0",
            "WS_API_SEND_QUEUE_KB", "64", "SSE_KEEPALIVE_MS", "200"));

    private RecordingWorld connect(String account, String clientId, World world) {
        var recording = new RecordingWorld(world);
        env.sims().connect(env.relay(), clientId, env.relay().connectionToken(account, clientId), recording);
        return recording;
    }

    private static void awaitChannel(World world, Channel channel, boolean on) throws InterruptedException {
        for (int i = 0; i < 500 && world.activeChannels().contains(channel) != on; i++) Thread.sleep(10);
        assertThat(world.activeChannels().contains(channel)).as(channel + " on=" + on).isEqualTo(on);
    }

    @Test
    void rollAndCombatEventsArriveWithTheSameIdsAsOverSse() throws Exception {
        var world = SimWorlds.world("ws-events");
        connect("ws-events", "fvtt_6000000000000001", world);
        var key = env.relay().key("ws-events", "events:subscribe,encounter:manage");
        try (var ws = ApiSocket.connect(env.relay(), key, null);
             var sse = SseClient.open(env.relay().uri("/rolls/subscribe?clientId=fvtt_6000000000000001"), "x-api-key", key)) {
            sse.next(WAIT);
            var subscribed = ws.call("{\"type\":\"subscribe\",\"channel\":\"roll-events\",\"requestId\":\"s1\"}");
            assertThat(subscribed.toString())
                    .isEqualTo("{\"type\":\"subscribed\",\"channel\":\"roll-events\",\"requestId\":\"s1\",\"clientId\":\"fvtt_6000000000000001\"}");
            ws.call("{\"type\":\"subscribe\",\"channel\":\"combat-events\",\"requestId\":\"s2\"}");
            awaitChannel(world, Channel.ROLL, true);
            awaitChannel(world, Channel.COMBAT, true);

            world.chatRoll("Alice", "1d1+2", "Sneak");
            var roll = ws.next(WAIT);
            assertThat(roll.path("type").asText()).isEqualTo("roll-event");
            assertThat(roll.path("event").asText()).isEqualTo("roll");
            assertThat(roll.path("clientId").asText()).isEqualTo("fvtt_6000000000000001");
            assertThat(roll.at("/data/formula").asText()).isEqualTo("1d1+2");
            assertThat(roll.at("/data/user/name").asText()).isEqualTo("Alice");
            var overSse = sse.next(WAIT);
            assertThat(roll.path("id").asText()).as("one event, one id").isEqualTo(overSse.id());
            assertThat(Json.parse(overSse.data())).isEqualTo(roll.path("data"));

            var started = ws.call("{\"type\":\"start-encounter\",\"requestId\":\"c1\",\"startWithPlayers\":true}");
            var encounterId = started.at("/encounter/id").asText();
            var combat = ws.next(m -> m.path("type").asText().equals("combat-event"), WAIT);
            assertThat(combat.path("event").asText()).isEqualTo("combat-start");
            assertThat(combat.at("/data/encounterId").asText()).isEqualTo(encounterId);
            ws.send("{\"type\":\"end-encounter\",\"requestId\":\"c2\"}");
            assertThat(ws.next(m -> m.path("event").asText().equals("combat-end"), WAIT)).isNotNull();

            var gone = ws.call("{\"type\":\"unsubscribe\",\"requestId\":\"u\"}");
            assertThat(gone.toString()).isEqualTo("{\"type\":\"unsubscribed\",\"channel\":\"all\",\"removed\":2,\"requestId\":\"u\"}");
            awaitChannel(world, Channel.COMBAT, false);
            world.chatRoll("Alice", "1d1");
            assertThat(sse.next(WAIT).event()).as("SSE still served").isEqualTo("roll");
            assertThat(ws.next(m -> m.path("type").asText().equals("roll-event"), Duration.ofMillis(300)))
                    .as("no roll after unsubscribing").isNull();
        }
    }

    @Test
    void theModulesCountFollowsSseAndSocketSubscribersTogether() throws Exception {
        var sim = SimWorlds.world("ws-count");
        var world = connect("ws-count", "fvtt_6000000000000002", sim);
        var key = env.relay().key("ws-count", "events:subscribe");
        try (var first = ApiSocket.connect(env.relay(), key, null);
             var second = ApiSocket.connect(env.relay(), key, null)) {
            bothTransports(world, sim, key, first, second);
        }
    }

    private void bothTransports(RecordingWorld world, World sim, String key, ApiSocket first, ApiSocket second)
            throws Exception {
        try (var sse = SseClient.open(env.relay().uri("/rolls/subscribe?clientId=fvtt_6000000000000002"), "x-api-key", key)) {
            sse.next(WAIT);
            world.awaitCount("roll-events", 1);
            first.call("{\"type\":\"subscribe\",\"channel\":\"roll-events\",\"requestId\":\"a\"}");
            world.awaitCount("roll-events", 2);
            second.call("{\"type\":\"subscribe\",\"channel\":\"roll-events\",\"requestId\":\"b\"}");
            world.awaitCount("roll-events", 3);
            first.call("{\"type\":\"subscribe\",\"channel\":\"roll-events\",\"requestId\":\"again\",\"filters\":{\"userId\":\"Bob\"}}");
            world.awaitCount("roll-events", 3); // subscribing again replaces the subscription
            assertThat(first.call("{\"type\":\"unsubscribe\",\"channel\":\"roll-events\",\"requestId\":\"c\"}").path("removed").asInt())
                    .isEqualTo(1);
            world.awaitCount("roll-events", 2);
        }
        world.awaitCount("roll-events", 1);
        assertThat(sim.activeChannels()).contains(Channel.ROLL);
        second.close();
        world.awaitCount("roll-events", 0);
        awaitChannel(sim, Channel.ROLL, false);
    }

    @Test
    void subscriptionsOutliveAWorldReconnectingAndRequestsInFlightFailAtOnce() throws Exception {
        var token = env.relay().connectionToken("ws-again", "fvtt_6000000000000005");
        var silent = org.foundryrelay.testing.ScriptedWorld.silent();
        var first = env.sims().connect(env.relay(), "fvtt_6000000000000005", token, silent);
        var key = env.relay().key("ws-again", "events:subscribe,roll:read");
        try (var ws = ApiSocket.connect(env.relay(), key, null)) {
            ws.call("{\"type\":\"subscribe\",\"channel\":\"roll-events\",\"requestId\":\"s\"}");
            ws.send("{\"type\":\"rolls\",\"requestId\":\"waiting\"}");
            for (int i = 0; i < 300 && silent.received().stream().noneMatch(m -> m.path("type").asText().equals("rolls")); i++) {
                Thread.sleep(10);
            }
            first.close();
            var failed = ws.next(m -> m.path("requestId").asText().equals("waiting"), WAIT);
            assertThat(failed.toString()).isEqualTo("{\"type\":\"rolls-result\",\"requestId\":\"waiting\",\"clientId\":"
                    + "\"fvtt_6000000000000005\",\"error\":\"Foundry world disconnected before answering\",\"status\":502}");

            var back = SimWorlds.world("ws-again");
            var recording = new RecordingWorld(back);
            env.sims().connect(env.relay(), "fvtt_6000000000000005", token, recording);
            recording.awaitCount("roll-events", 1);
            back.chatRoll("Bob", "1d1+7");
            var roll = ws.next(m -> m.path("type").asText().equals("roll-event"), WAIT);
            assertThat(roll.at("/data/rollTotal").asInt()).isEqualTo(8);
        }
    }

    @Test
    void filtersAndRefusals() throws Exception {
        var sim = SimWorlds.world("ws-filters");
        connect("ws-filters", "fvtt_6000000000000003", sim);
        var key = env.relay().key("ws-filters", "events:subscribe");
        try (var ws = ApiSocket.connect(env.relay(), key, null)) {
            ws.call("{\"type\":\"subscribe\",\"channel\":\"roll-events\",\"requestId\":\"f\",\"filters\":{\"userId\":\"bob\"}}");
            awaitChannel(sim, Channel.ROLL, true);
            sim.chatRoll("Alice", "1d1");
            sim.chatRoll("Bob", "1d1+1");
            assertThat(ws.next(WAIT).at("/data/user/name").asText()).isEqualTo("Bob");
            assertThat(ws.next(Duration.ofMillis(300))).isNull();
            var invalid = ws.call("{\"type\":\"subscribe\",\"channel\":\"gossip\",\"requestId\":\"i\"}");
            assertThat(invalid.path("error").asText()).startsWith("Invalid channel: \"gossip\". Supported: roll-events, combat-events");
            var unknownUser = ws.call("{\"type\":\"subscribe\",\"channel\":\"roll-events\",\"requestId\":\"z\",\"userId\":\"Zed\"}");
            assertThat(unknownUser.path("error").asText()).isEqualTo("User not found: Zed");
        }
        var noScope = env.relay().key("ws-filters", "roll:read");
        try (var ws = ApiSocket.connect(env.relay(), noScope, null)) {
            var refused = ws.call("{\"type\":\"subscribe\",\"channel\":\"roll-events\",\"requestId\":\"n\"}");
            assertThat(refused.path("error").asText()).isEqualTo("API key lacks required scope: events:subscribe");
            assertThat(refused.path("status").asInt()).isEqualTo(403);
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedAndTheRelayHoldsNoMoreThanItsQueue() throws Exception {
        var sim = SimWorlds.world("ws-slow");
        connect("ws-slow", "fvtt_6000000000000004", sim);
        var key = env.relay().key("ws-slow", "events:subscribe");
        var api = env.relay().relay().clientApi();
        long closedBefore = api.slowReadersClosed();
        try (var ws = ApiSocket.connect(env.relay(), key, null)) {
            ws.call("{\"type\":\"subscribe\",\"channel\":\"roll-events\",\"requestId\":\"s\"}");
            awaitChannel(sim, Channel.ROLL, true);
            ws.pause();
            var flavor = "x".repeat(16 * 1024);
            long maxQueued = 0;
            int pushed = 0;
            // Far more than the network buffers and the 64 KB queue hold: about 32 MB of events.
            while (pushed < 2000 && api.slowReadersClosed() == closedBefore) {
                sim.chatRoll("Alice", "1d1", flavor);
                pushed++;
                maxQueued = Math.max(maxQueued, api.queuedChars());
            }
            for (int i = 0; i < 500 && api.slowReadersClosed() == closedBefore; i++) Thread.sleep(10);
            assertThat(api.slowReadersClosed()).as("closed as a slow reader after " + pushed + " events").isEqualTo(closedBefore + 1);
            assertThat(maxQueued).as("never more than the queue limit waits in the relay").isLessThanOrEqualTo(64 * 1024);
            assertThat(api.queuedChars()).isZero();
            ws.resume();
            var closed = ws.closedWithin(Duration.ofSeconds(10));
            assertThat(closed).as("the close code reaches a client that reads again")
                    .isEqualTo("4008 Send queue full: the client is not reading its messages");
        }
        for (int i = 0; i < 500 && api.openSockets() > 0; i++) Thread.sleep(10);
        assertThat(api.openSockets()).isZero();
    }
}
