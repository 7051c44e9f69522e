package org.foundryrelay.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.sim.world.Fixtures.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A whole combat driven through {@code handle()}, checking Foundry's turn rules at every step. */
class EncounterScriptTest {
    // Creation order: players batch (Aria, Brom), then the GM's selection (Boss, Archer 1, Archer 2, Assassin).
    // d20s: Aria 12+3=15, Brom 15+0=15, Boss 10+2=12, Archer1 10+2=12, Archer2 10+2=12, Assassin 16+4=20.
    private final ScriptedRoller roller = new ScriptedRoller().then(12, 15, 10, 10, 10, 16);
    private final World world = Fixtures.world(roller);

    private static List<String> names(JsonNode combatants) {
        var names = new ArrayList<String>();
        combatants.forEach(c -> names.add(c.get("name").asText() + "=" + c.get("initiative")));
        return names;
    }

    private static void assertTurn(ObjectNode reply, String type, String action, int round, int turn, String tokenId, String actorUuid) {
        assertThat(reply.get("type").asText()).isEqualTo(type);
        assertThat(reply.has("error")).as(reply.toString()).isFalse();
        assertThat(keys(reply)).containsExactly("type", "requestId", "encounterId", "action", "currentTurn",
                "currentRound", "actorTurn", "tokenTurn", "encounter");
        assertThat(reply.get("action").asText()).isEqualTo(action);
        assertThat(reply.get("currentRound").asInt()).isEqualTo(round);
        assertThat(reply.get("currentTurn").asInt()).isEqualTo(turn);
        assertThat(reply.get("tokenTurn").asText()).isEqualTo(cave(tokenId));
        assertThat(reply.get("actorTurn").asText()).isEqualTo(actorUuid);
        assertThat(keys(reply.get("encounter"))).containsExactly("id", "round", "turn");
        assertThat(reply.get("encounter").get("round").asInt()).isEqualTo(round);
        assertThat(reply.get("encounter").get("turn").asInt()).isEqualTo(turn);
    }

    @Test
    void fullCombat() {
        var start = send(world, "start-encounter",
                "{'startWithPlayers':true,'startWithSelected':true,'rollAll':true,'name':'Ambush'}");
        assertThat(keys(start)).containsExactly("type", "requestId", "encounterId", "encounter");
        assertThat(start.get("type").asText()).isEqualTo("start-encounter-result");
        assertThat(start.get("requestId").asText()).isEqualTo("start-encounter_1782956929290");
        var id = start.get("encounterId").asText();
        assertThat(id).matches("[A-Za-z0-9]{16}");
        var encounter = start.get("encounter");
        assertThat(keys(encounter)).containsExactly("id", "round", "turn", "combatants");
        // Combatants are listed in creation order, not turn order.
        assertThat(names(encounter.get("combatants"))).containsExactly("Aria Windrunner=15", "Brom Ironfist=15",
                "Goblin Boss=12", "Goblin Archer=12", "Goblin Archer=12", "Shadow Assassin=20");
        assertThat(roller.formulas).containsExactly("1d20 + 3", "1d20 + 0", "1d20 + 2", "1d20 + 2", "1d20 + 2", "1d20 + 4");
        var aria = encounter.get("combatants").get(0);
        assertThat(keys(aria)).containsExactly("id", "name", "tokenUuid", "actorUuid", "img", "initiative", "hidden", "defeated");
        assertThat(aria.get("tokenUuid").asText()).isEqualTo(cave(T_ARIA));
        assertThat(aria.get("actorUuid").asText()).isEqualTo("Actor." + ARIA);
        assertThat(aria.get("initiative").isIntegralNumber()).isTrue();
        var boss = encounter.get("combatants").get(2);
        assertThat(boss.get("actorUuid").asText()).isEqualTo(caveActor(T_BOSS, BOSS));
        assertThat(encounter.get("combatants").get(5).get("hidden").asBoolean()).isTrue();
        // Started at round 1 turn 0 with Aria current (first by name before rolling); Foundry keeps the
        // current combatant when initiative is rolled, so the turn moves to Aria's new place.
        // Turn order: Assassin 20, Aria 15, Brom 15 (tie: name), Archer C3.. 12, Archer zi.. 12 (tie: id), Boss 12.
        assertThat(encounter.get("round").asInt()).isEqualTo(1);
        assertThat(encounter.get("turn").asInt()).isEqualTo(1);

        var listed = send(world, "encounters", null);
        assertThat(keys(listed)).containsExactly("type", "requestId", "encounters");
        assertThat(listed.get("encounters")).hasSize(1);
        var item = listed.get("encounters").get(0);
        assertThat(keys(item)).containsExactly("id", "round", "turn", "current", "combatants");
        assertThat(item.get("current").asBoolean()).isTrue();
        assertThat(item.get("combatants")).hasSize(6);

        assertTurn(send(world, "next-turn", null), "next-turn-result", "nextTurn", 1, 2, T_BROM, "Actor." + BROM);
        assertTurn(send(world, "next-turn", "{'encounter':'" + id + "'}"), "next-turn-result", "nextTurn", 1, 3,
                T_ARCHER1, caveActor(T_ARCHER1, ARCHER));
        assertTurn(send(world, "next-turn", "{'encounterId':'" + id + "'}"), "next-turn-result", "nextTurn", 1, 4,
                T_ARCHER2, caveActor(T_ARCHER2, ARCHER));
        assertTurn(send(world, "next-turn", null), "next-turn-result", "nextTurn", 1, 5, T_BOSS, caveActor(T_BOSS, BOSS));
        // Past the last turn: next round, first turn.
        assertTurn(send(world, "next-turn", null), "next-turn-result", "nextTurn", 2, 0, T_ASSASSIN,
                caveActor(T_ASSASSIN, ASSASSIN));
        // Back across the boundary: previous round, last turn.
        assertTurn(send(world, "last-turn", null), "last-turn-result", "previousTurn", 1, 5, T_BOSS, caveActor(T_BOSS, BOSS));
        assertTurn(send(world, "last-turn", null), "last-turn-result", "previousTurn", 1, 4, T_ARCHER2,
                caveActor(T_ARCHER2, ARCHER));
        assertTurn(send(world, "next-round", null), "next-round-result", "nextRound", 2, 0, T_ASSASSIN,
                caveActor(T_ASSASSIN, ASSASSIN));
        assertTurn(send(world, "next-round", null), "next-round-result", "nextRound", 3, 0, T_ASSASSIN,
                caveActor(T_ASSASSIN, ASSASSIN));
        assertTurn(send(world, "last-round", null), "last-round-result", "previousRound", 2, 5, T_BOSS,
                caveActor(T_BOSS, BOSS));

        // Removing the current (last) combatant passes the turn to the previous survivor.
        var removed = send(world, "remove-from-encounter", "{'uuids':['" + cave(T_BOSS) + "']}");
        assertThat(keys(removed)).containsExactly("type", "requestId", "encounterId", "removed", "failed");
        assertThat(removed.get("removed").get(0).asText()).isEqualTo(cave(T_BOSS));
        assertThat(removed.get("failed")).isEmpty();
        var after = send(world, "encounters", null).get("encounters").get(0);
        assertThat(after.get("round").asInt()).isEqualTo(2);
        assertThat(after.get("turn").asInt()).isEqualTo(4);
        assertThat(after.get("combatants")).hasSize(5);

        // A token from another scene joins without initiative and sorts last; the current turn stays put.
        var added = send(world, "add-to-encounter", "{'uuids':['" + token(TRAIL, T_WOLF) + "','Actor." + WOLF + "']}");
        assertThat(keys(added)).containsExactly("type", "requestId", "encounterId", "added", "failed");
        assertThat(added.get("added").get(0).asText()).isEqualTo(token(TRAIL, T_WOLF));
        assertThat(added.get("failed").get(0).toString()).isEqualTo(
                "{\"uuid\":\"Actor." + WOLF + "\",\"reason\":\"No token found for this actor in the current scene\"}");
        var current = send(world, "encounters", null).get("encounters").get(0);
        assertThat(current.get("turn").asInt()).isEqualTo(4);
        var wolf = current.get("combatants").get(5);
        assertThat(wolf.get("name").asText()).isEqualTo("Wolf");
        assertThat(wolf.get("initiative").isNull()).isTrue();
        assertThat(wolf.get("actorUuid").asText()).isEqualTo(token(TRAIL, T_WOLF) + ".Actor." + WOLF);
        var next = send(world, "next-turn", null);
        assertThat(next.get("tokenTurn").asText()).isEqualTo(token(TRAIL, T_WOLF));
        assertThat(next.get("currentTurn").asInt()).isEqualTo(5);

        var end = send(world, "end-encounter", null);
        assertThat(end.toString()).isEqualTo("{\"type\":\"end-encounter-result\",\"requestId\":\"end-encounter_1782956929290\","
                + "\"encounterId\":\"" + id + "\",\"message\":\"Encounter successfully ended\"}");
        assertThat(send(world, "encounters", null).get("encounters")).isEmpty();
        assertThat(roller.remaining()).isZero();
    }

    @Test
    void rollNpcLeavesPlayersUnrolledAndTheyTurnLast() {
        var npcRoller = new ScriptedRoller().then(1, 2, 3, 4);
        var w = Fixtures.world(npcRoller);
        var start = send(w, "start-encounter", "{'startWithPlayers':true,'startWithSelected':true,'rollNPC':true}");
        assertThat(names(start.get("encounter").get("combatants"))).containsExactly("Aria Windrunner=null",
                "Brom Ironfist=null", "Goblin Boss=3", "Goblin Archer=4", "Goblin Archer=5", "Shadow Assassin=8");
        assertThat(npcRoller.remaining()).isZero();
        // Turn order: Assassin 8, Archer 5, Archer 4, Boss 3, Aria -, Brom -; Aria (current before rolling) is 4th.
        assertThat(start.get("encounter").get("turn").asInt()).isEqualTo(4);
    }

    @Test
    void startWithoutOptionsIsAnEmptyStartedCombat() {
        var w = Fixtures.world(new ScriptedRoller());
        var start = send(w, "start-encounter", null);
        assertThat(start.get("encounter").toString()).isEqualTo(
                "{\"id\":\"" + start.get("encounterId").asText() + "\",\"round\":1,\"turn\":0,\"combatants\":[]}");
        var next = send(w, "next-turn", null);
        // No combatant: actorTurn and tokenTurn are undefined and left out.
        assertThat(keys(next)).containsExactly("type", "requestId", "encounterId", "action", "currentTurn",
                "currentRound", "encounter");
        assertThat(next.get("currentRound").asInt()).isEqualTo(2);
    }

    @Test
    void startTokensAreReadFromTokenUuidsOrTokens() {
        var w = Fixtures.world(new ScriptedRoller());
        var viaTokens = send(w, "start-encounter", "{'tokens':['" + cave(T_BOSS) + "','Actor." + ARIA + "','nope']}");
        assertThat(names(viaTokens.get("encounter").get("combatants"))).containsExactly("Goblin Boss=null");
        var viaUuids = send(w, "start-encounter", "{'tokenUuids':['" + cave(T_ARIA) + "']}");
        assertThat(names(viaUuids.get("encounter").get("combatants"))).containsExactly("Aria Windrunner=null");
    }

    @Test
    void roundOneTurnZeroStepsBackToRoundZeroAsFoundryDoes() {
        var w = Fixtures.world(new ScriptedRoller());
        send(w, "start-encounter", "{'startWithPlayers':true}");
        var back = send(w, "last-turn", null);
        assertThat(back.get("currentRound").asInt()).isZero();
        assertThat(back.get("currentTurn").asInt()).isEqualTo(1);
        assertThat(send(w, "last-turn", null).get("currentTurn").asInt()).isZero();
        // Round 0, turn 0: previousTurn does nothing.
        var still = send(w, "last-turn", null);
        assertThat(still.get("currentRound").asInt()).isZero();
        assertThat(still.get("currentTurn").asInt()).isZero();
        // nextTurn in round 0 always starts the next round.
        assertThat(send(w, "next-turn", null).get("currentRound").asInt()).isEqualTo(1);
        assertThat(send(w, "last-round", null).get("currentRound").asInt()).isZero();
        assertThat(send(w, "last-round", null).get("currentTurn").asInt()).isZero();
    }

    @Test
    void addingByActorRollingInitiativeAndSelectedWithoutDuplicates() {
        var w = Fixtures.world(new ScriptedRoller().then(7, 9));
        send(w, "start-encounter", null);
        w.select(T_BOSS);
        var added = send(w, "add-to-encounter", "{'uuids':['Actor." + BROM + "'],'selected':true,'rollInitiative':true}");
        assertThat(added.get("added").toString()).isEqualTo("[\"Actor." + BROM + "\",\"" + cave(T_BOSS) + "\"]");
        var again = send(w, "add-to-encounter", "{'selected':true}");
        assertThat(again.get("added")).isEmpty();
        var combatants = send(w, "encounters", null).get("encounters").get(0).get("combatants");
        assertThat(names(combatants)).containsExactly("Brom Ironfist=7", "Goblin Boss=11");
        // selected must be exactly true; a truthy string is ignored.
        assertThat(send(w, "add-to-encounter", "{'selected':'true'}").get("added")).isEmpty();
        var odd = send(w, "add-to-encounter", "{'uuids':['Scene." + CAVE + "','User." + BOB + "','Scene.x.Token.y']}");
        assertThat(odd.get("failed").toString()).isEqualTo("[{\"uuid\":\"Scene." + CAVE
                + "\",\"reason\":\"Entity must be a Token or Actor\"},{\"uuid\":\"User." + BOB
                + "\",\"reason\":\"Entity must be a Token or Actor\"},{\"uuid\":\"Scene.x.Token.y\",\"reason\":\"Entity not found\"}]");
    }

    @Test
    void removingByActorSelectedAndMissing() {
        var w = Fixtures.world(new ScriptedRoller());
        send(w, "start-encounter", "{'startWithPlayers':true,'startWithSelected':true}");
        var byActor = send(w, "remove-from-encounter", "{'uuids':['Actor." + ARCHER + "','Actor." + WOLF + "']}");
        assertThat(byActor.get("removed").toString()).isEqualTo("[\"Actor." + ARCHER + "\"]");
        assertThat(byActor.get("failed").toString()).isEqualTo(
                "[{\"uuid\":\"Actor." + WOLF + "\",\"reason\":\"No combatant found for this entity\"}]");
        w.select(T_BOSS, T_ARCHER1);
        var bySelection = send(w, "remove-from-encounter", "{'selected':true}");
        // Archer 1 is no longer in the combat: silently skipped.
        assertThat(bySelection.get("removed").toString()).isEqualTo("[\"" + cave(T_BOSS) + "\"]");
        assertThat(bySelection.get("failed")).isEmpty();
        assertThat(names(send(w, "encounters", null).get("encounters").get(0).get("combatants")))
                .containsExactly("Aria Windrunner=null", "Brom Ironfist=null", "Shadow Assassin=null");
    }

    @Test
    void endingTheViewedCombatViewsAnotherOne() {
        var w = Fixtures.world(new ScriptedRoller());
        var first = send(w, "start-encounter", null).get("encounterId").asText();
        var second = send(w, "start-encounter", null).get("encounterId").asText();
        var list = send(w, "encounters", null).get("encounters");
        assertThat(list.get(0).get("current").asBoolean()).isFalse();
        assertThat(list.get(1).get("current").asBoolean()).isTrue();
        assertThat(send(w, "end-encounter", "{'encounterId':'" + first + "'}").get("encounterId").asText()).isEqualTo(first);
        assertThat(send(w, "encounters", null).get("encounters").get(0).get("current").asBoolean()).isTrue();
        send(w, "end-encounter", null);
        var third = send(w, "start-encounter", null).get("encounterId").asText();
        assertThat(third).isNotEqualTo(second);
        send(w, "end-encounter", "{'encounter':'" + third + "'}");
        assertThat(send(w, "encounters", null).get("encounters")).isEmpty();
    }
}
