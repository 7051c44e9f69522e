package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;

/**
 * The module's JSON for combats. Combat has no name in Foundry, so {@code name} (undefined in the module)
 * never appears; combatants use exactly {@code id, name, tokenUuid, actorUuid, img, initiative, hidden,
 * defeated}, in creation order, leaving out the uuids that are undefined.
 */
final class EncounterJson {
    private EncounterJson() {}

    static ObjectNode combatant(Combatant c) {
        var node = Json.object();
        node.put("id", c.id);
        node.put("name", c.name);
        if (c.tokenUuid != null) node.put("tokenUuid", c.tokenUuid);
        if (c.actorUuid != null) node.put("actorUuid", c.actorUuid);
        node.put("img", c.img);
        Json.putNumberOrNull(node, "initiative", c.initiative);
        node.put("hidden", c.hidden);
        node.put("defeated", c.defeated());
        return node;
    }

    static ArrayNode combatants(Combat combat, Predicate<Combatant> visible) {
        var list = Json.array();
        combat.combatants.stream().filter(visible).forEach(c -> list.add(combatant(c)));
        return list;
    }

    /** {@code {id, round, turn}} plus whatever the caller appends. */
    static ObjectNode summary(Combat combat) {
        var node = Json.object();
        node.put("id", combat.id);
        node.put("round", combat.round);
        Json.putIntOrNull(node, "turn", combat.turn);
        return node;
    }

    /** An {@code encounters} list item: {@code {id, round, turn, current, combatants}}. */
    static ObjectNode listed(Combat combat, boolean current, Predicate<Combatant> visible) {
        var node = summary(combat);
        node.put("current", current);
        node.set("combatants", combatants(combat, visible));
        return node;
    }

    /** The navigation reply body after {@code type, requestId}. */
    static void navigation(ObjectNode reply, Combat combat, String action) {
        reply.put("encounterId", combat.id);
        reply.put("action", action);
        Json.putIntOrNull(reply, "currentTurn", combat.turn);
        reply.put("currentRound", combat.round);
        var current = combat.current();
        if (current != null && current.actorUuid != null) reply.put("actorTurn", current.actorUuid);
        if (current != null && current.tokenUuid != null) reply.put("tokenTurn", current.tokenUuid);
        reply.set("encounter", summary(combat));
    }
}
