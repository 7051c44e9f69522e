package org.foundryrelay.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.sim.world.Fixtures.CAVE;
import static org.foundryrelay.sim.world.Fixtures.TRAIL;
import static org.foundryrelay.sim.world.Fixtures.WOLF;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Scene and canvas handlers of the simulator, and the fixture files merged into the bundled world. */
class CanvasHandlersTest {
    private final ScriptedRoller dice = new ScriptedRoller();
    private final World world = Fixtures.world(dice);

    private com.fasterxml.jackson.databind.node.ObjectNode send(String type, String params) {
        return Fixtures.send(world, type, params);
    }

    private JsonNode scene(String id) {
        return Documents.byId(world.snapshot().withArray("scenes"), id).orElseThrow();
    }

    @Test
    void theAreaFilesAreMergedIntoTheBundledWorldKeepingItsIds() {
        var cave = scene(CAVE);
        assertThat(cave.path("tokens")).hasSize(6);
        assertThat(cave.at("/tokens/0/x").asInt()).isEqualTo(500);
        assertThat(cave.at("/tokens/0/name").asText()).as("from default.json").isEqualTo("Aria Windrunner");
        assertThat(cave.path("walls")).hasSize(2);
        assertThat(world.snapshot().withArray("actors")).hasSize(6);
        assertThat(world.fixture().actors()).extracting(Fixture.Actor::name).contains("Wolf");
    }

    @Test
    void switchingScenesMovesTheActiveSceneTheRestOfTheWorldUses() {
        var switched = send("switch-scene", "{'name':'Triboar Trail'}");
        assertThat(switched.path("success").asBoolean()).isTrue();
        dice.then(4);
        assertThat(world.chatRoll("Gamemaster", "1d20").speaker().path("scene").asText()).isEqualTo(TRAIL);
        var wolf = send("get-canvas-documents", "{'documentType':'tokens','className':'Token'}");
        assertThat(wolf.path("sceneId").asText()).isEqualTo(TRAIL);
        assertThat(wolf.path("data").findValuesAsText("name")).containsExactly("Aria Windrunner", "Wolf");
        assertThat(send("switch-scene", "{'name':'Nowhere'}").path("error").asText()).isEqualTo("Scene not found");
    }

    @Test
    void tokensMoveByActorUuidAndWaypointsNeedCoordinates() {
        send("switch-scene", "{'sceneId':'" + TRAIL + "'}");
        var moved = send("move-token", "{'uuid':'Actor." + WOLF + "','x':1000,'y':200}");
        assertThat(moved.at("/data/name").asText()).isEqualTo("Wolf");
        assertThat(send("move-token", "{'name':'Wolf','x':1,'y':2,'waypoints':[{'x':1}]}").path("error").asText())
                .isEqualTo("Each waypoint must have x and y coordinates");
        var distance = send("measure-distance", "{'originName':'Aria Windrunner','targetUuid':'Actor." + WOLF + "'}");
        assertThat(distance.at("/data/distance").asDouble()).isEqualTo(35.0);
        assertThat(send("measure-distance", "{'targetX':1,'targetY':1}").path("error").asText())
                .isEqualTo("Origin must be specified as originX/originY or originUuid/originName");
    }

    @Test
    void playersSeeWhatTheSceneLetsThemAndChangeNothing() {
        var created = send("create-scene", "{'data':{'name':'GM only'}}");
        var id = created.at("/data/_id").asText();
        var peek = send("get-canvas-documents", "{'documentType':'tokens','className':'Token','sceneId':'" + id + "','userId':'Alice'}");
        assertThat(peek.path("error").asText()).isEqualTo("User 'Alice' does not have permission to view this scene's documents");
        assertThat(send("get-canvas-documents", "{'documentType':'walls','className':'Wall','userId':'Alice'}").path("data")).hasSize(2);
        var write = send("create-canvas-document", "{'documentType':'notes','className':'Note','data':{'x':1},'userId':'Bob'}");
        assertThat(write.path("error").asText()).isEqualTo("User 'Bob' does not have permission to create embedded documents on 'Cragmaw Hideout'");
        assertThat(send("create-scene", "{'data':{'name':'Mine'},'userId':'Bob'}").path("error").asText())
                .isEqualTo("User 'Bob' does not have permission to create scenes");
    }

    @Test
    void canvasChangesArePushedAsSceneEvents() {
        var pushed = Fixtures.attachOutbox(world);
        Fixtures.subscribe(world, "scene-events", 1);
        send("update-canvas-document", "{'documentType':'lights','className':'AmbientLight','documentId':'lIgHtBrAzIeR0001','data':{'config':{'dim':40}}}");
        send("update-canvas-document", "{'documentType':'notes','className':'Note','documentId':'nOtEcAvEeNtRy001','data':{'x':5}}");
        send("switch-scene", "{'sceneId':'" + TRAIL + "'}");
        assertThat(pushed).extracting(m -> m.at("/data/eventType").asText()).containsExactly("light-update", "scene-activate");
        assertThat(pushed.get(0).at("/data/sceneId").asText()).isEqualTo(CAVE);
        assertThat(scene(CAVE).at("/lights/0/config/dim").asInt()).isEqualTo(40);
        assertThat(scene(CAVE).at("/lights/0/config/bright").asInt()).as("merged, not replaced").isEqualTo(15);
    }
}
