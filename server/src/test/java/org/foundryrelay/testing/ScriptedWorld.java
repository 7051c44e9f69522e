package org.foundryrelay.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.foundryrelay.sim.protocol.ModuleEndpoint;
import org.foundryrelay.sim.protocol.WorldInfo;

/**
 * A world whose answers a test decides: silent, replying with an odd type, pushing unsolicited
 * messages. It records every message the relay sent it.
 */
public final class ScriptedWorld implements ModuleEndpoint {
    private final Function<ObjectNode, ObjectNode> answer;
    private final List<ObjectNode> received = new CopyOnWriteArrayList<>();
    private volatile Consumer<ObjectNode> outbox;

    public ScriptedWorld(Function<ObjectNode, ObjectNode> answer) {
        this.answer = answer;
    }

    /** Never answers anything. */
    public static ScriptedWorld silent() {
        return new ScriptedWorld(m -> null);
    }

    @Override
    public WorldInfo info() {
        return new WorldInfo("scripted", "Scripted", "13.348", "dnd5e", "D&D 5e", "4.4.1", null);
    }

    @Override
    public ObjectNode playerList() {
        var msg = JsonNodeFactory.instance.objectNode().put("type", "player-list");
        msg.putArray("users");
        return msg;
    }

    @Override
    public ObjectNode handle(ObjectNode message) {
        received.add(message);
        return answer.apply(message);
    }

    @Override
    public void attach(Consumer<ObjectNode> outbox) {
        this.outbox = outbox;
    }

    /** Sends a message to the relay as if the module pushed it. */
    public void push(ObjectNode message) {
        outbox.accept(message);
    }

    public List<ObjectNode> received() {
        return received;
    }
}
