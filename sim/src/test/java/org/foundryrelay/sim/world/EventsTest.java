package org.foundryrelay.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.foundryrelay.sim.world.Fixtures.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Channel switching and the pushed {@code combat-event}, {@code roll-data} and {@code chat-event} messages. */
class EventsTest {
    private final ScriptedRoller roller = new ScriptedRoller();
    private final World world = Fixtures.world(roller);
    private final List<ObjectNode> pushed = attachOutbox(world);

    private List<String> eventTypes() {
        return pushed.stream().map(p -> p.get("type").asText() + ":" + p.path("data").path("eventType").asText()).toList();
    }

    @Test
    void nothingIsPushedWhileChannelsAreOff() {
        roller.then(10, 10, 10);
        send(world, "start-encounter", "{'startWithPlayers':true,'rollAll':true}");
        send(world, "next-turn", null);
        world.chatRoll("Alice", "1d20", "");
        assertThat(pushed).isEmpty();
        assertThat(world.activeChannels()).isEmpty();
    }

    @Test
    void channelsSwitchOnPositiveCountsAndOffAtZero() {
        subscribe(world, "combat-events", 1);
        subscribe(world, "roll-events", 2);
        subscribe(world, "hooks", 1);
        subscribe(world, "no-such-events", 1);
        assertThat(world.activeChannels()).isEqualTo(Set.of(Channel.COMBAT, Channel.ROLL, Channel.HOOKS));
        subscribe(world, "roll-events", 1);
        assertThat(world.activeChannels()).contains(Channel.ROLL);
        subscribe(world, "roll-events", 0);
        subscribe(world, "hooks", -1);
        assertThat(world.activeChannels()).isEqualTo(Set.of(Channel.COMBAT));
    }

    @Test
    void combatEventsFollowTheCombat() {
        subscribe(world, "combat-events", 1);
        roller.then(10, 5);
        var id = send(world, "start-encounter", "{'startWithPlayers':true,'rollAll':true}").get("encounterId").asText();
        // start (before combatants exist), the update to round 1 turn 0, one add per combatant; rolling
        // (Aria 13, Brom 5) keeps Aria first, so no further turn change.
        assertThat(eventTypes()).containsExactly("combat-event:start", "combat-event:turn",
                "combat-event:combatant-add", "combat-event:combatant-add");
        assertThat(pushed.get(1).toString()).isEqualTo("{\"type\":\"combat-event\",\"data\":{\"eventType\":\"turn\","
                + "\"encounterId\":\"" + id + "\",\"round\":1,\"turn\":0,\"started\":true,\"combatants\":[]}}");
        assertThat(pushed.getFirst().toString()).isEqualTo("{\"type\":\"combat-event\",\"data\":{\"eventType\":\"start\","
                + "\"encounterId\":\"" + id + "\",\"round\":0,\"turn\":null,\"started\":false,\"combatants\":[]}}");
        var add = pushed.get(2).get("data");
        assertThat(keys(add)).containsExactly("eventType", "encounterId", "combatant");
        assertThat(keys(add.get("combatant"))).containsExactly("id", "name", "initiative", "defeated", "uuid");
        assertThat(add.get("combatant").get("name").asText()).isEqualTo("Aria Windrunner");
        assertThat(add.get("combatant").get("initiative").isNull()).isTrue();
        assertThat(add.get("combatant").get("uuid").asText())
                .isEqualTo("Combat." + id + ".Combatant." + add.get("combatant").get("id").asText());

        pushed.clear();
        send(world, "next-turn", null);
        assertThat(pushed).hasSize(1);
        var turn = pushed.getFirst().get("data");
        assertThat(keys(turn)).containsExactly("eventType", "encounterId", "round", "turn", "started", "combatants");
        assertThat(turn.get("eventType").asText()).isEqualTo("turn");
        assertThat(turn.get("round").asInt()).isEqualTo(1);
        assertThat(turn.get("turn").asInt()).isEqualTo(1);
        assertThat(turn.get("started").asBoolean()).isTrue();
        assertThat(turn.get("combatants").get(0).get("name").asText()).isEqualTo("Aria Windrunner");
        assertThat(turn.get("combatants").get(0).get("initiative").asInt()).isEqualTo(13);

        pushed.clear();
        send(world, "add-to-encounter", "{'uuids':['" + cave(T_BOSS) + "']}");
        send(world, "remove-from-encounter", "{'uuids':['" + cave(T_BOSS) + "']}");
        assertThat(eventTypes()).containsExactly("combat-event:combatant-add", "combat-event:combatant-remove");
        assertThat(pushed.get(1).get("data").get("combatant").get("name").asText()).isEqualTo("Goblin Boss");

        pushed.clear();
        send(world, "end-encounter", null);
        assertThat(pushed.getFirst().toString()).isEqualTo("{\"type\":\"combat-event\",\"data\":{\"eventType\":\"end\","
                + "\"encounterId\":\"" + id + "\",\"round\":1}}");

        subscribe(world, "combat-events", 0);
        pushed.clear();
        send(world, "start-encounter", "{'startWithPlayers':true}");
        send(world, "next-turn", null);
        assertThat(pushed).isEmpty();
    }

    @Test
    void rollingThatMovesTheCurrentCombatantPushesATurn() {
        subscribe(world, "combat-events", 1);
        roller.then(12, 15, 10, 10, 10, 16);
        send(world, "start-encounter", "{'startWithPlayers':true,'startWithSelected':true,'rollAll':true}");
        assertThat(eventTypes()).containsExactly("combat-event:start", "combat-event:turn",
                "combat-event:combatant-add", "combat-event:combatant-add", "combat-event:combatant-add",
                "combat-event:combatant-add", "combat-event:combatant-add", "combat-event:combatant-add",
                "combat-event:turn");
        var turn = pushed.getLast().get("data");
        assertThat(turn.get("turn").asInt()).isEqualTo(1);
        // combatants in turn order: Assassin 20, Aria 15, Brom 15, ...
        assertThat(turn.get("combatants").findValuesAsText("name")).containsExactly("Shadow Assassin",
                "Aria Windrunner", "Brom Ironfist", "Goblin Archer", "Goblin Archer", "Goblin Boss");
    }

    @Test
    void removingTheCurrentCombatantPushesTheTurnChange() {
        send(world, "start-encounter", "{'startWithPlayers':true}");
        subscribe(world, "combat-events", 1);
        send(world, "remove-from-encounter", "{'uuids':['" + cave(T_ARIA) + "']}");
        // Aria was current at turn 0; Brom takes over at index 0, so the turn number does not change.
        assertThat(eventTypes()).containsExactly("combat-event:combatant-remove");
        assertThat(send(world, "encounters", null).get("encounters").get(0).get("turn").asInt()).isZero();
        assertThat(send(world, "next-turn", null).get("tokenTurn").asText()).isEqualTo(cave(T_BROM));
        assertThat(eventTypes()).containsExactly("combat-event:combatant-remove", "combat-event:turn");
    }

    @Test
    void apiRollWithChatMessageMakesTwoEntriesAndOnePush() {
        subscribe(world, "roll-events", 1);
        roller.then(6);
        var reply = send(world, "roll", "{'formula':'1d20','flavor':'Stealth','createChatMessage':true,"
                + "'speaker':'" + cave(T_ARIA) + "'}");
        assertThat(pushed).hasSize(1);
        var push = pushed.getFirst();
        assertThat(keys(push)).containsExactly("type", "data");
        assertThat(push.get("type").asText()).isEqualTo("roll-data");
        var entry = push.get("data");
        assertThat(keys(entry)).containsExactly("id", "messageId", "user", "speaker", "flavor", "rollTotal", "formula",
                "isCritical", "isFumble", "dice", "timestamp");
        assertThat(entry.get("id").asText()).matches("[A-Za-z0-9]{16}").isEqualTo(entry.get("messageId").asText());
        assertThat(entry.get("user").toString()).isEqualTo("{\"id\":\"" + GM + "\",\"name\":\"Gamemaster\"}");
        assertThat(entry.get("speaker").toString()).isEqualTo("{\"scene\":\"" + CAVE + "\",\"actor\":\"" + ARIA
                + "\",\"token\":\"" + T_ARIA + "\",\"alias\":\"Aria Windrunner\"}");
        assertThat(entry.get("flavor").asText()).isEqualTo("Stealth");
        assertThat(entry.get("rollTotal").asInt()).isEqualTo(6);

        var rolls = send(world, "rolls", null).get("data");
        assertThat(rolls).hasSize(2);
        assertThat(rolls.get(0).get("id").asText()).isEqualTo(reply.get("data").get("id").asText());
        assertThat(rolls.get(1)).isEqualTo(entry);

        pushed.clear();
        roller.then(2);
        send(world, "roll", "{'formula':'1d20'}");
        assertThat(pushed).isEmpty();
    }

    @Test
    void chatRollsAreCapturedOnlyWhileRollEventsIsOn() {
        roller.then(11);
        world.chatRoll("alice", "1d20");
        assertThat(send(world, "last-roll", null).get("data").isNull()).isTrue();

        subscribe(world, "roll-events", 1);
        roller.then(14);
        var message = world.chatRoll("Alice", "1d20 + 2", "Perception");
        assertThat(pushed).hasSize(1);
        var entry = pushed.getFirst().get("data");
        assertThat(entry.get("id").asText()).isEqualTo(message.id());
        assertThat(entry.get("user").toString()).isEqualTo("{\"id\":\"" + ALICE + "\",\"name\":\"Alice\"}");
        assertThat(entry.get("speaker").toString()).isEqualTo("{\"scene\":\"" + CAVE + "\",\"actor\":\"" + ARIA
                + "\",\"token\":\"" + T_ARIA + "\",\"alias\":\"Aria Windrunner\"}");
        assertThat(entry.get("rollTotal").asInt()).isEqualTo(16);
        assertThat(entry.get("formula").asText()).isEqualTo("1d20 + 2");
        assertThat(entry.get("flavor").asText()).isEqualTo("Perception");
        assertThat(send(world, "last-roll", null).get("data")).isEqualTo(entry);

        roller.then(3);
        world.chatRoll("Gamemaster", "1d20");
        assertThat(pushed.get(1).get("data").get("speaker").toString())
                .isEqualTo("{\"scene\":\"" + CAVE + "\",\"actor\":null,\"token\":null,\"alias\":\"Gamemaster\"}");

        subscribe(world, "roll-events", 0);
        roller.then(9);
        world.chatRoll("Bob", "1d20");
        assertThat(pushed).hasSize(2);
        assertThat(send(world, "rolls", null).get("data")).hasSize(2);
        assertThatThrownBy(() -> world.chatRoll("Nobody", "1d20")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void initiativeRollsFeedTheRollChannel() {
        subscribe(world, "roll-events", 1);
        roller.then(8, 9, 10, 11);
        send(world, "start-encounter", "{'startWithSelected':true,'rollNPC':true}");
        assertThat(pushed).hasSize(4);
        var boss = pushed.getFirst().get("data");
        assertThat(boss.get("flavor").asText()).isEqualTo("Goblin Boss rolls for Initiative!");
        assertThat(boss.get("formula").asText()).isEqualTo("1d20 + 2");
        assertThat(boss.get("rollTotal").asInt()).isEqualTo(10);
        assertThat(boss.get("user").get("name").asText()).isEqualTo("Gamemaster");
        assertThat(boss.get("speaker").toString()).isEqualTo("{\"scene\":\"" + CAVE + "\",\"actor\":\"" + BOSS
                + "\",\"token\":\"" + T_BOSS + "\",\"alias\":\"Goblin Boss\"}");
        assertThat(pushed.get(3).get("data").get("flavor").asText()).isEqualTo("Shadow Assassin rolls for Initiative!");
        assertThat(send(world, "rolls", null).get("data")).hasSize(4);
    }

    @Test
    void chatEventsCarryTheSerializedMessage() {
        subscribe(world, "chat-events", 1);
        roller.then(4);
        var message = world.chatRoll("Bob", "1d6");
        assertThat(pushed).hasSize(1);
        var data = pushed.getFirst().get("data");
        assertThat(data.get("eventType").asText()).isEqualTo("create");
        assertThat(keys(data.get("data"))).containsExactly("id", "uuid", "content", "speaker", "timestamp", "whisper",
                "type", "author", "flavor", "isRoll", "rolls", "flags");
        assertThat(data.get("data").get("uuid").asText()).isEqualTo("ChatMessage." + message.id());
        assertThat(data.get("data").get("content").asText()).isEqualTo("4");
        assertThat(send(world, "last-roll", null).get("data").isNull()).isTrue();
    }

    @Test
    void pushesAreDroppedWithoutAnOutbox() {
        world.attach(null);
        subscribe(world, "combat-events", 1);
        send(world, "start-encounter", "{'startWithPlayers':true}");
        assertThat(pushed).isEmpty();
        assertThat(world.activeChannels()).contains(Channel.COMBAT);
    }
}
