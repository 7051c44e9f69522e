package org.foundryrelay.sim.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Test world: answers every message carrying a {@code requestId} with {@code "<type>-result"} echoing
 * the request, hands back nothing for other messages, and records what it was given.
 */
final class EchoWorld implements ModuleEndpoint {
    static final ObjectMapper MAPPER = new ObjectMapper();

    final BlockingQueue<ObjectNode> handled = new LinkedBlockingQueue<>();
    final AtomicInteger attaches = new AtomicInteger();
    private final WorldInfo info;
    private volatile Consumer<ObjectNode> outbox;

    EchoWorld(String worldId) {
        info = new WorldInfo(worldId, "World " + worldId, "13.348", "dnd5e", "D&D 5e", "4.4.1", null);
    }

    @Override
    public WorldInfo info() {
        return info;
    }

    @Override
    public ObjectNode playerList() {
        ObjectNode message = MAPPER.createObjectNode().put("type", "player-list");
        message.putArray("users").addObject().put("id", "gm0000000000001").put("name", "GM").put("role", 4)
                .put("active", true);
        return message;
    }

    @Override
    public ObjectNode handle(ObjectNode message) {
        handled.add(message);
        if (!message.hasNonNull("requestId")) return null;
        ObjectNode reply = MAPPER.createObjectNode()
                .put("type", message.path("type").asText() + "-result")
                .put("requestId", message.get("requestId").asText());
        reply.set("echo", message);
        return reply;
    }

    @Override
    public void attach(Consumer<ObjectNode> outbox) {
        if (outbox != null) attaches.incrementAndGet();
        this.outbox = outbox;
    }

    boolean attached() {
        return outbox != null;
    }

    /** Pushes a message the way a world event would; dropped when detached. */
    void push(ObjectNode message) {
        Consumer<ObjectNode> target = outbox;
        if (target != null) target.accept(message);
    }
}
