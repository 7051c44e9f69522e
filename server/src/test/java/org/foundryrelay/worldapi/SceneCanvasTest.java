package org.foundryrelay.worldapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Map;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.SimWorlds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scenes and the canvas through the relay, checked against the simulated world's documents. */
class SceneCanvasTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"));

    private static final String CAVE = "Z01BZGaG7yOh3FZ9";

    private World world;

    private Calls connect(String account, String clientId, String scopes) {
        world = SimWorlds.world(clientId + "-w");
        env.sims().connect(env.relay(), clientId, env.relay().connectionToken(account, clientId), world);
        return new Calls(env.relay(), env.relay().key(account, scopes));
    }

    private JsonNode scene(String id) {
        return Documents.byId(world.snapshot().withArray("scenes"), id).orElse(null);
    }

    @Test
    void aSceneLivesThroughCreateSwitchCanvasChangesAndDelete() {
        var api = connect("scenes", "fvtt_5000000000000001", "scene:read,scene:write,canvas:read,canvas:write");
        var created = api.post("/scene", "{\"data\":{\"name\":\"Test Arena\",\"width\":1000,\"height\":800}}");
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.body().path("type").asText()).isEqualTo("create-scene-result");
        var id = created.body().at("/data/_id").asText();
        assertThat(scene(id).path("name").asText()).isEqualTo("Test Arena");
        assertThat(scene(id).path("width").asInt()).isEqualTo(1000);

        var switched = api.post("/switch-scene", "{\"sceneId\":\"" + id + "\"}");
        assertThat(switched.body().path("success").asBoolean()).as(switched.text()).isTrue();
        assertThat(scene(id).path("active").asBoolean()).isTrue();
        assertThat(scene(CAVE).path("active").asBoolean()).isFalse();
        assertThat(api.get("/scene?active=true").body().at("/data/_id").asText()).isEqualTo(id);

        var scout = api.post("/canvas/tokens", "{\"data\":{\"name\":\"Scout\",\"x\":100,\"y\":100}}");
        assertThat(scout.status()).as(scout.text()).isEqualTo(200);
        assertThat(scout.body().path("sceneId").asText()).as("the active scene by default").isEqualTo(id);
        var scoutId = scout.body().at("/data/0/_id").asText();
        api.post("/canvas/tokens", "{\"sceneId\":\"" + id + "\",\"data\":{\"name\":\"Target\",\"x\":600,\"y\":100}}");

        var updated = api.put("/canvas/tokens", "{\"documentId\":\"" + scoutId + "\",\"data\":{\"hidden\":true}}");
        assertThat(updated.body().at("/data/0/hidden").asBoolean()).as(updated.text()).isTrue();
        var moved = api.post("/move-token", "{\"name\":\"scout\",\"x\":300,\"y\":100}");
        assertThat(moved.body().at("/data/tokenUuid").asText()).as(moved.text()).isEqualTo("Scene." + id + ".Token." + scoutId);
        var token = Documents.byId(scene(id).withArray("tokens"), scoutId).orElseThrow();
        assertThat(token.path("x").asInt()).isEqualTo(300);
        assertThat(token.path("hidden").asBoolean()).isTrue();

        var distance = api.get("/measure-distance?originName=Scout&targetName=Target");
        assertThat(distance.body().at("/data/distance").asDouble()).as(distance.text()).isEqualTo(15.0);
        assertThat(distance.body().at("/data/units").asText()).isEqualTo("ft");

        var deleted = api.delete("/canvas/tokens?documentId=" + scoutId);
        assertThat(deleted.body().path("success").asBoolean()).as(deleted.text()).isTrue();
        var left = api.get("/canvas/tokens");
        assertThat(left.body().path("data")).hasSize(1);
        assertThat(left.body().at("/data/0/name").asText()).isEqualTo("Target");

        assertThat(api.delete("/scene?sceneId=" + id).body().path("success").asBoolean()).isTrue();
        assertThat(scene(id)).isNull();
        var gone = api.get("/scene?sceneId=" + id);
        assertThat(gone.status()).isEqualTo(400);
        assertThat(gone.body().path("error").asText()).isEqualTo("Scene not found");

        var back = api.post("/switch-scene", "{\"name\":\"Cragmaw Hideout\"}");
        assertThat(back.body().path("success").asBoolean()).as(back.text()).isTrue();
        assertThat(scene(CAVE).path("active").asBoolean()).isTrue();
    }

    @Test
    void everyCanvasDocumentTypeCanBePlacedReadAndRemoved() {
        var api = connect("canvas-types", "fvtt_5000000000000002", "canvas:read,canvas:write");
        var types = new ArrayList<String>();
        for (var type : new String[] {"tokens", "tiles", "drawings", "lights", "sounds", "notes", "templates", "walls", "regions"}) {
            var made = api.post("/canvas/" + type, "{\"data\":{\"x\":10,\"y\":20}}");
            assertThat(made.status()).as(type + ": " + made.text()).isEqualTo(200);
            var id = made.body().at("/data/0/_id").asText();
            var read = api.get("/canvas/" + type + "?documentId=" + id);
            assertThat(read.body().at("/data/0/y").asInt()).as(type).isEqualTo(20);
            assertThat(api.delete("/canvas/" + type + "?documentId=" + id).body().path("success").asBoolean()).as(type).isTrue();
            assertThat(Documents.byId(scene(CAVE).withArray(type), id)).as(type + " removed from the world").isEmpty();
            types.add(type);
        }
        assertThat(types).hasSize(9);
    }

    @Test
    void anUnknownDocumentTypeIsRefusedWithTheValidTypes() {
        var api = connect("canvas-bad", "fvtt_5000000000000003", "canvas:read");
        var bad = api.get("/canvas/monsters");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("error").asText())
                .isEqualTo("Invalid documentType. Must be one of: tokens, tiles, drawings, lights, sounds, notes, templates, walls, regions");
        assertThat(bad.body().path("validTypes")).hasSize(9);
    }

    @Test
    void theRelaysOwnChecksComeFirst() {
        var api = connect("scene-checks", "fvtt_5000000000000004", "scene:read,canvas:write");
        assertThat(api.get("/scene").body().path("error").asText())
                .isEqualTo("At least one of 'sceneId', 'name', 'active', 'viewed', or 'all' is required");
        assertThat(api.post("/scene", "{\"data\":{\"name\":\"x\"}}").status()).as("scene:write is needed").isEqualTo(403);
        assertThat(api.post("/move-token", "{\"name\":\"Wolf\"}").body().path("error").asText()).isEqualTo("'x' is required");
        var player = api.post("/move-token", "{\"name\":\"Goblin Boss\",\"x\":1,\"y\":2,\"userId\":\"Alice\"}");
        assertThat(player.status()).isEqualTo(400);
        assertThat(player.body().path("error").asText()).isEqualTo("User 'Alice' must be a GM to move tokens");
    }
}
