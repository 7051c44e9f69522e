package org.foundryrelay.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.foundryrelay.json.Json;
import org.foundryrelay.sim.world.Channel;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hook, actor and scene events over real SSE: filtered, each delivered once, resumable with Last-Event-ID. */
class DocumentEventsTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"));

    private static final String CAVE = "Z01BZGaG7yOh3FZ9", TRAIL = "NoDxQshIISj3bb56";
    private static final String ARIA = "Actor.kHvRwMzzuVtYkwMJ", BROM = "Actor.FrCfZ4U2EqkNk6sE";

    private World world;
    private String key;
    private String clientId;

    private void connect(String account, String clientId) {
        this.clientId = clientId;
        world = SimWorlds.world(clientId + "-w");
        env.sims().connect(env.relay(), clientId, env.relay().connectionToken(account, clientId), world);
        key = env.relay().key(account, "events:subscribe,canvas:write,scene:write,dnd5e");
    }

    private SseClient open(String path, String query, String... headers) throws InterruptedException {
        var all = new java.util.ArrayList<>(java.util.List.of("x-api-key", key));
        all.addAll(java.util.List.of(headers));
        var sse = SseClient.open(env.relay().uri(path + "?clientId=" + clientId + query), all.toArray(String[]::new));
        assertThat(sse.status()).isEqualTo(200);
        assertThat(sse.next(WAIT).event()).isEqualTo("connected");
        return sse;
    }

    private void awaitOn(Channel channel) throws InterruptedException {
        for (int i = 0; i < 300 && !world.activeChannels().contains(channel); i++) Thread.sleep(10);
        assertThat(world.activeChannels()).contains(channel);
    }

    private void post(String path, String body) {
        var r = Http.post(env.relay().uri(path + "?clientId=" + clientId), body, "x-api-key", key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private void move(String token, int x) {
        post("/move-token", "{\"uuid\":\"Scene." + CAVE + ".Token." + token + "\",\"x\":" + x + ",\"y\":100}");
    }

    @Test
    void hookEventsArriveOnceFilteredByNameAndResume() throws Exception {
        connect("hooks", "fvtt_9000000000000001");
        try (var keeper = open("/hooks/subscribe", "");
             var sse = open("/hooks/subscribe", "&hooks=updateToken,%20deleteScene")) {
            awaitOn(Channel.HOOKS);
            post("/switch-scene", "{\"sceneId\":\"" + CAVE + "\"}"); // canvasReady only: filtered out
            move("42ldGDinouxZjugn", 300);
            var first = sse.next(WAIT);
            assertThat(first.event()).isEqualTo("updateToken");
            var data = Json.parse(first.data());
            assertThat(data.path("hook").asText()).isEqualTo("updateToken");
            assertThat(data.at("/args/0/x").asInt()).isEqualTo(300);
            assertThat(keeper.next(WAIT).event()).as("the unfiltered stream sees the scene hooks").isEqualTo("canvasReady");

            sse.close();
            move("42ldGDinouxZjugn", 400); // missed while disconnected
            try (var resumed = open("/hooks/subscribe", "&hooks=updateToken", "Last-Event-ID", first.id())) {
                var missed = resumed.next(WAIT);
                assertThat(missed.event()).isEqualTo("updateToken");
                assertThat(Json.parse(missed.data()).at("/args/0/x").asInt()).isEqualTo(400);
                move("42ldGDinouxZjugn", 500);
                var live = resumed.next(WAIT);
                assertThat(Json.parse(live.data()).at("/args/0/x").asInt()).as("no duplicate before the live event").isEqualTo(500);
            }
        }
    }

    @Test
    void actorEventsArriveOnceForTheChosenActor() throws Exception {
        connect("actors", "fvtt_9000000000000002");
        try (var sse = open("/actor/subscribe", "&actorUuid=" + BROM)) {
            awaitOn(Channel.ACTOR);
            post("/dnd5e/modify-currency", "{\"actorUuid\":\"" + ARIA + "\",\"currency\":\"gp\",\"amount\":1}");
            post("/dnd5e/modify-currency", "{\"actorUuid\":\"" + BROM + "\",\"currency\":\"gp\",\"amount\":2}");
            var event = sse.next(WAIT);
            assertThat(event.event()).isEqualTo("actor-update");
            var data = Json.parse(event.data());
            assertThat(data.path("actorUuid").asText()).isEqualTo(BROM);
            assertThat(data.at("/changes/system/currency/gp").asInt()).isEqualTo(42);
            post("/dnd5e/modify-currency", "{\"actorUuid\":\"" + BROM + "\",\"currency\":\"sp\",\"amount\":1}");
            var next = Json.parse(sse.next(WAIT).data());
            assertThat(next.at("/changes/system/currency/sp").asInt()).as("the next event is the next change").isEqualTo(16);
        }
    }

    @Test
    void sceneEventsArriveOnceForTheChosenSceneAndResume() throws Exception {
        connect("scenes", "fvtt_9000000000000003");
        try (var keeper = open("/scene/subscribe", "");
             var sse = open("/scene/subscribe", "&sceneId=" + CAVE)) {
            awaitOn(Channel.SCENE);
            post("/canvas/tokens", "{\"sceneId\":\"" + TRAIL + "\",\"data\":{\"name\":\"Elsewhere\"}}");
            move("DD57Nb5srpS9wg1Q", 700);
            var event = sse.next(WAIT);
            assertThat(event.event()).isEqualTo("scene-token-update");
            var data = Json.parse(event.data());
            assertThat(data.path("sceneId").asText()).isEqualTo(CAVE);
            assertThat(data.at("/changes/x").asInt()).isEqualTo(700);
            assertThat(keeper.next(WAIT).event()).isEqualTo("scene-token-create");

            sse.close();
            post("/switch-scene", "{\"sceneId\":\"" + TRAIL + "\"}"); // another scene: not for the filtered stream
            post("/switch-scene", "{\"sceneId\":\"" + CAVE + "\"}");
            try (var resumed = open("/scene/subscribe", "&sceneId=" + CAVE, "Last-Event-ID", event.id())) {
                var missed = resumed.next(WAIT);
                assertThat(missed.event()).isEqualTo("scene-scene-activate");
                assertThat(Json.parse(missed.data()).path("sceneId").asText()).isEqualTo(CAVE);
                move("DD57Nb5srpS9wg1Q", 800);
                assertThat(Json.parse(resumed.next(WAIT).data()).at("/changes/x").asInt()).isEqualTo(800);
            }
        }
    }
}
