package org.foundryrelay.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.foundryrelay.json.Json;
import org.foundryrelay.sim.world.Fixture;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A whole combat run through the relay against the simulated world, with the state checked at every step. */
class EncounterFlowTest {
    static TestRelay relay;
    static SimWorlds sims;
    static World world;
    static String gm;
    static Fixture.Scene scene;

    @BeforeAll
    static void start() {
        relay = TestRelay.start(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"));
        sims = new SimWorlds();
        world = SimWorlds.world("combat-world");
        sims.connect(relay, "fvtt_4000000000000001", relay.connectionToken("combat", "fvtt_4000000000000001"), world);
        gm = relay.key("combat", "encounter:read,encounter:manage");
        scene = world.fixture().scenes().stream().filter(Fixture.Scene::active).findFirst().orElseThrow();
    }

    @AfterAll
    static void stop() {
        sims.close();
        relay.close();
    }

    private static JsonNode post(String key, String path, String body) {
        var r = Http.post(relay.uri(path), body, "x-api-key", key);
        try {
            var json = Json.parse(r.body());
            json = ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("_status", r.statusCode());
            return json;
        } catch (Exception e) {
            throw new AssertionError(r.body(), e);
        }
    }

    private static JsonNode get(String key, String path) {
        try {
            return Json.parse(Http.get(relay.uri(path), "x-api-key", key).body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String tokenUuid(String name) {
        return scene.tokens().stream().filter(t -> t.name().equals(name)).findFirst()
                .map(t -> "Scene." + scene.id() + ".Token." + t.id()).orElseThrow();
    }

    private static void at(JsonNode nav, int round, int turn, Map<Integer, String> tokenAtTurn) {
        assertThat(nav.path("_status").asInt()).as(nav.toString()).isEqualTo(200);
        assertThat(nav.path("currentRound").asInt()).as("round").isEqualTo(round);
        assertThat(nav.path("currentTurn").asInt()).as("turn").isEqualTo(turn);
        assertThat(nav.at("/encounter/round").asInt()).isEqualTo(round);
        // the same turn index always belongs to the same token while the roster is unchanged
        var token = nav.path("tokenTurn").asText();
        var known = tokenAtTurn.putIfAbsent(turn, token);
        if (known != null) assertThat(token).as("token at turn " + turn).isEqualTo(known);
    }

    @Test
    void aFullCombat() {
        var started = post(gm, "/start-encounter", "{\"startWithPlayers\":true,\"startWithSelected\":true,\"rollAll\":true}");
        assertThat(started.path("_status").asInt()).isEqualTo(200);
        var encounterId = started.path("encounterId").asText();
        var combatants = started.at("/encounter/combatants");
        assertThat(combatants).hasSize(6);
        for (var c : combatants) {
            assertThat(c.properties().stream().map(Map.Entry::getKey).toList()).containsExactly(
                    "id", "name", "tokenUuid", "actorUuid", "img", "initiative", "hidden", "defeated");
            assertThat(c.path("initiative").isNumber()).as("everyone rolled").isTrue();
        }
        int size = combatants.size();
        int turn = started.at("/encounter/turn").asInt();
        var order = new HashMap<Integer, String>();

        // forward to the end of round 1, then across the round boundary
        int round = 1;
        for (int i = turn + 1; i < size; i++) at(post(gm, "/next-turn", "{}"), round, i, order);
        at(post(gm, "/next-turn", "{\"encounterId\":\"" + encounterId + "\"}"), 2, 0, order);
        // and back across it
        at(post(gm, "/last-turn", "{}"), 1, size - 1, order);
        at(post(gm, "/next-round", "{}"), 2, 0, order);
        at(post(gm, "/next-round", "{}"), 3, 0, order);
        at(post(gm, "/last-round", "{}"), 2, size - 1, order);

        var listed = get(gm, "/encounters").path("encounters");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("current").asBoolean()).isTrue();
        assertThat(listed.get(0).path("round").asInt()).isEqualTo(2);

        // remove a goblin and add it back
        var boss = tokenUuid("Goblin Boss");
        var removed = post(gm, "/remove-from-encounter", "{\"uuids\":[\"" + boss + "\"]}");
        assertThat(removed.path("_status").asInt()).isEqualTo(200);
        assertThat(removed.path("removed")).hasSize(1);
        assertThat(get(gm, "/encounters").at("/encounters/0/combatants")).hasSize(5);
        var added = post(gm, "/add-to-encounter", "{\"encounter\":\"" + encounterId + "\",\"uuids\":[\"" + boss + "\"]}");
        assertThat(added.path("added")).hasSize(1);
        assertThat(get(gm, "/encounters").at("/encounters/0/combatants")).hasSize(6);

        // a player: sees no hidden combatant, cannot advance turns or add what it does not own
        var alice = relay.key("combat", "encounter:read,encounter:manage", "--foundry-user", "Alice");
        var seen = get(alice, "/encounters?userId=Gamemaster").at("/encounters/0/combatants");
        assertThat(seen).hasSize(5);
        seen.forEach(c -> assertThat(c.path("hidden").asBoolean()).isFalse());
        var refused = post(alice, "/next-turn", "{}");
        assertThat(refused.path("_status").asInt()).isEqualTo(400);
        assertThat(refused.path("error").asText()).isEqualTo("User 'Alice' must be a GM to advance encounter turns");
        var notOwned = post(alice, "/remove-from-encounter", "{\"uuids\":[\"" + boss + "\"]}");
        assertThat(notOwned.toString()).contains("Alice");
        assertThat(get(gm, "/encounters").at("/encounters/0/combatants")).as("nothing changed").hasSize(6);

        var ended = post(gm, "/end-encounter", "{}");
        assertThat(ended.path("message").asText()).isEqualTo("Encounter successfully ended");
        assertThat(get(gm, "/encounters").path("encounters")).isEmpty();
        var none = post(gm, "/last-round", "{}");
        assertThat(none.path("_status").asInt()).isEqualTo(400);
        assertThat(none.path("type").asText()).as("answered with the right type").isEqualTo("last-round-result");
        assertThat(none.path("error").asText()).isEqualTo("No active encounter");
    }
}
