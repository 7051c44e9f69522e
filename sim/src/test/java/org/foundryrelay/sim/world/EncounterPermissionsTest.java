package org.foundryrelay.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.sim.world.Fixtures.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** userId resolution, GM-only operations, OWNER checks, hidden combatants and the error catalogue. */
class EncounterPermissionsTest {
    private World world;

    @BeforeEach
    void startCombat() {
        world = Fixtures.world(new ScriptedRoller());
        send(world, "start-encounter", "{'startWithPlayers':true,'startWithSelected':true}");
    }

    private static List<String> names(JsonNode encountersReply) {
        var names = new ArrayList<String>();
        encountersReply.get("encounters").get(0).get("combatants").forEach(c -> names.add(c.get("name").asText()));
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"encounters", "start-encounter", "next-turn", "next-round", "last-turn", "last-round",
            "end-encounter", "add-to-encounter", "remove-from-encounter", "rolls", "last-roll", "roll"})
    void unknownUserIsRejectedByEveryRequest(String type) {
        var reply = send(world, type, "{'userId':'Zed','formula':'1d20'}");
        assertThat(reply.toString()).isEqualTo("{\"type\":\"" + type + "-result\",\"requestId\":\"" + type
                + "_1782956929290\",\"error\":\"User not found: Zed\",\"data\":null}");
    }

    @ParameterizedTest
    @CsvSource({
        "start-encounter, start encounters",
        "next-turn, advance encounter turns",
        "next-round, advance encounter rounds",
        "last-turn, revert encounter turns",
        "last-round, revert encounter rounds",
        "end-encounter, end encounters"})
    void playersCannotRunTheCombat(String type, String operation) {
        var reply = send(world, type, "{'userId':'" + ALICE + "'}");
        // last-round answers with its own type (the module's encounter-navigation type is not reproduced).
        assertThat(reply.toString()).isEqualTo("{\"type\":\"" + type + "-result\",\"requestId\":\"" + type
                + "_1782956929290\",\"error\":\"User 'Alice' must be a GM to " + operation + "\"}");
        assertThat(send(world, "encounters", null).get("encounters")).hasSize(1);
    }

    @Test
    void usersResolveByIdOrCaseInsensitiveName() {
        assertThat(send(world, "next-turn", "{'userId':'gamemaster'}").has("error")).isFalse();
        assertThat(send(world, "next-turn", "{'userId':'" + GM + "'}").has("error")).isFalse();
        assertThat(send(world, "next-turn", "{'userId':'ALICE'}").get("error").asText())
                .isEqualTo("User 'Alice' must be a GM to advance encounter turns");
        // A falsy userId means GM-level access.
        assertThat(send(world, "next-turn", "{'userId':''}").has("error")).isFalse();
        assertThat(send(world, "next-turn", "{'userId':null}").has("error")).isFalse();
        assertThat(send(world, "next-turn", "{'userId':42}").get("error").asText()).isEqualTo("User not found: 42");
    }

    @Test
    void playersSeeNoHiddenCombatantTheyDoNotOwn() {
        assertThat(names(send(world, "encounters", null))).contains("Shadow Assassin");
        assertThat(names(send(world, "encounters", "{'userId':'Gamemaster'}"))).contains("Shadow Assassin");
        assertThat(names(send(world, "encounters", "{'userId':'alice'}"))).containsExactly(
                "Aria Windrunner", "Brom Ironfist", "Goblin Boss", "Goblin Archer", "Goblin Archer");
    }

    @Test
    void hiddenLinkedCombatantStaysVisibleToItsOwnerAndAssistantsAreGMs() {
        var fixture = fixture("""
                {"world": {"worldId": "w", "worldTitle": "W", "foundryVersion": "13.348", "systemId": "dnd5e",
                           "systemTitle": "D&D", "systemVersion": "5.0.4", "customName": null},
                 "users": [{"id": "gmgmgmgmgmgmgmgm", "name": "GM", "role": 4, "password": "x", "active": true},
                           {"id": "asasasasasasasas", "name": "Assistant", "role": 3, "password": "x"},
                           {"id": "plplplplplplplpl", "name": "Player", "role": 1, "password": "x"},
                           {"id": "trtrtrtrtrtrtrtr", "name": "Trusted", "role": 2, "password": "x"}],
                 "actors": [{"id": "acacacacacacacac", "name": "Sneaky", "type": "character",
                             "ownership": {"plplplplplplplpl": 3, "trtrtrtrtrtrtrtr": 2}}],
                 "scenes": [{"id": "scscscscscscscsc", "name": "S", "active": true, "tokens": [
                    {"id": "tktktktktktktktk", "name": "Sneaky", "actorId": "acacacacacacacac", "actorLink": true,
                     "hidden": true, "disposition": 1}]}]}
                """);
        var w = World.builder(fixture).roller(new ScriptedRoller()).build();
        assertThat(send(w, "start-encounter", "{'userId':'Assistant','startWithPlayers':true}").has("error")).isFalse();
        assertThat(send(w, "encounters", "{'userId':'Player'}").get("encounters").get(0).get("combatants")).hasSize(1);
        assertThat(send(w, "encounters", "{'userId':'Trusted'}").get("encounters").get(0).get("combatants")).isEmpty();
        assertThat(send(w, "next-turn", "{'userId':'Trusted'}").get("error").asText())
                .isEqualTo("User 'Trusted' must be a GM to advance encounter turns");
    }

    @Test
    void playersAddAndRemoveOnlyWhatTheyOwn() {
        send(world, "end-encounter", null);
        send(world, "start-encounter", null);
        var add = send(world, "add-to-encounter", "{'userId':'Alice','uuids':['" + cave(T_ARIA) + "','" + cave(T_BROM)
                + "','Actor." + ARIA + "','Scene." + CAVE + "'],'selected':true}");
        assertThat(add.get("added").toString()).isEqualTo("[\"" + cave(T_ARIA) + "\",\"Actor." + ARIA + "\"]");
        assertThat(add.get("failed").toString()).isEqualTo("[{\"uuid\":\"" + cave(T_BROM)
                + "\",\"reason\":\"User 'Alice' does not have permission to add to encounter 'Brom Ironfist'\"},"
                + "{\"uuid\":\"Scene." + CAVE + "\",\"reason\":\"User 'Alice' does not have permission to add to encounter 'Cragmaw Hideout'\"},"
                + "{\"uuid\":\"" + cave(T_BOSS) + "\",\"reason\":\"User 'Alice' does not have permission to add to encounter 'Goblin Boss'\"},"
                + "{\"uuid\":\"" + cave(T_ARCHER1) + "\",\"reason\":\"User 'Alice' does not have permission to add to encounter 'Goblin Archer'\"},"
                + "{\"uuid\":\"" + cave(T_ARCHER2) + "\",\"reason\":\"User 'Alice' does not have permission to add to encounter 'Goblin Archer'\"},"
                + "{\"uuid\":\"" + cave(T_ASSASSIN) + "\",\"reason\":\"User 'Alice' does not have permission to add to encounter 'Shadow Assassin'\"}]");
        send(world, "add-to-encounter", "{'uuids':['" + cave(T_BOSS) + "']}");
        var remove = send(world, "remove-from-encounter", "{'userId':'alice','uuids':['" + cave(T_BOSS) + "','" + cave(T_ARIA) + "']}");
        assertThat(remove.get("removed").toString()).isEqualTo("[\"" + cave(T_ARIA) + "\"]");
        assertThat(remove.get("failed").toString()).isEqualTo("[{\"uuid\":\"" + cave(T_BOSS)
                + "\",\"reason\":\"User 'Alice' does not have permission to remove from encounter 'Goblin Boss'\"}]");
        // Aria was added twice (no duplicate check); removing by token takes one of them.
        assertThat(names(send(world, "encounters", null))).containsExactly("Aria Windrunner", "Goblin Boss");
    }

    @Test
    void errorsWithoutAnActiveEncounter() {
        send(world, "end-encounter", null);
        for (var type : List.of("next-turn", "next-round", "last-turn", "last-round", "add-to-encounter", "remove-from-encounter")) {
            assertThat(send(world, type, null).toString()).isEqualTo("{\"type\":\"" + type + "-result\",\"requestId\":\""
                    + type + "_1782956929290\",\"error\":\"No active encounter\"}");
        }
        assertThat(send(world, "end-encounter", null).get("error").asText()).isEqualTo("No encounter not found");
        assertThat(send(world, "end-encounter", "{'encounter':'nope'}").get("error").asText()).isEqualTo("No encounter not found");
        assertThat(send(world, "next-turn", "{'encounterId':'nope'}").get("error").asText())
                .isEqualTo("Encounter with ID nope not found");
        assertThat(send(world, "last-round", "{'encounter':'nope'}").toString()).isEqualTo(
                "{\"type\":\"last-round-result\",\"requestId\":\"last-round_1782956929290\",\"error\":\"Encounter with ID nope not found\"}");
        assertThat(send(world, "encounters", null).toString()).isEqualTo(
                "{\"type\":\"encounters-result\",\"requestId\":\"encounters_1782956929290\",\"encounters\":[]}");
    }

    @Test
    void aFailingInitiativeRollIsReportedWithItsMessage() {
        var w = Fixtures.world(new ScriptedRoller()); // no dice scripted: the roll throws
        var reply = send(w, "start-encounter", "{'startWithPlayers':true,'rollAll':true}");
        assertThat(keys(reply)).containsExactly("type", "requestId", "error");
        assertThat(reply.get("error").asText()).isEqualTo("script ran out of dice for 1d20 + 3");
    }

    @Test
    void unknownTypesAndMissingTypesGetNoReply() {
        assertThat(send(world, "no-such-type", null)).isNull();
        assertThat(world.handle(json("{'requestId':'x'}"))).isNull();
    }
}
