package org.foundryrelay.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.foundryrelay.sim.protocol.ModuleEndpoint;
import org.foundryrelay.sim.protocol.WorldInfo;

/**
 * A stand-in world used by {@link SimMain} until a fixture-backed world is wired in: it connects and
 * authenticates like a real one, and answers every request with a {@code "<type>-result"} error.
 */
final class PlaceholderWorld implements ModuleEndpoint {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final WorldInfo info;

    PlaceholderWorld(int index) {
        String suffix = index == 0 ? "" : "-" + index;
        info = new WorldInfo("sim-world" + suffix, "Simulated World" + suffix, "13.348", "dnd5e",
                "Dungeons & Dragons Fifth Edition", "4.4.1", null);
    }

    @Override
    public WorldInfo info() {
        return info;
    }

    @Override
    public ObjectNode playerList() {
        ObjectNode gm = JSON.objectNode().put("id", "simGamemaster001").put("name", "Gamemaster")
                .put("role", 4).put("active", true);
        ObjectNode message = JSON.objectNode().put("type", "player-list");
        message.putArray("users").add(gm);
        return message;
    }

    @Override
    public ObjectNode handle(ObjectNode message) {
        if (!message.hasNonNull("requestId")) return null; // control messages need no answer
        String type = message.path("type").asText("");
        return JSON.objectNode()
                .put("type", type + "-result")
                .put("requestId", message.get("requestId").asText())
                .put("error", "Not simulated by the placeholder world: " + type);
    }

    @Override
    public void attach(Consumer<ObjectNode> outbox) {
        // Never pushes anything.
    }
}
