package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns combat hooks into the module's {@code combat-event} pushes:
 * {@code {"type":"combat-event","data":{"eventType", "encounterId", ...}}}.
 */
final class CombatEvents implements CombatListener {
    private final EventChannels channels;

    CombatEvents(EventChannels channels) {
        this.channels = channels;
    }

    @Override
    public void started(Combat combat) {
        if (!channels.isOn(Channel.COMBAT)) return; // build nothing nobody receives
        push(withTurns("start", combat));
    }

    @Override
    public void turnChanged(Combat combat) {
        if (!channels.isOn(Channel.COMBAT)) return; // build nothing nobody receives
        push(withTurns("turn", combat));
    }

    @Override
    public void combatantAdded(Combat combat, Combatant combatant) {
        if (!channels.isOn(Channel.COMBAT)) return; // build nothing nobody receives
        push(withCombatant("combatant-add", combat, combatant));
    }

    @Override
    public void combatantRemoved(Combat combat, Combatant combatant) {
        if (!channels.isOn(Channel.COMBAT)) return; // build nothing nobody receives
        push(withCombatant("combatant-remove", combat, combatant));
    }

    @Override
    public void ended(Combat combat) {
        if (!channels.isOn(Channel.COMBAT)) return; // build nothing nobody receives
        var data = header("end", combat);
        data.put("round", combat.round);
        push(data);
    }

    private void push(ObjectNode data) {
        var message = Json.object();
        message.put("type", "combat-event");
        message.set("data", data);
        channels.push(Channel.COMBAT, message);
    }

    private static ObjectNode header(String eventType, Combat combat) {
        var data = Json.object();
        data.put("eventType", eventType);
        data.put("encounterId", combat.id);
        return data;
    }

    private static ObjectNode withTurns(String eventType, Combat combat) {
        var data = header(eventType, combat);
        data.put("round", combat.round);
        Json.putIntOrNull(data, "turn", combat.turn);
        data.put("started", combat.started());
        var list = data.putArray("combatants");
        combat.turns().forEach(c -> list.add(summary(c)));
        return data;
    }

    private static ObjectNode withCombatant(String eventType, Combat combat, Combatant combatant) {
        var data = header(eventType, combat);
        data.set("combatant", summary(combatant));
        return data;
    }

    /** {@code {id, name, initiative, defeated, uuid}}. */
    private static ObjectNode summary(Combatant c) {
        var node = Json.object();
        node.put("id", c.id);
        node.put("name", c.name);
        Json.putNumberOrNull(node, "initiative", c.initiative);
        node.put("defeated", c.defeated());
        node.put("uuid", c.uuid());
        return node;
    }
}
