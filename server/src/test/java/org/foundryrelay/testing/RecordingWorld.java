package org.foundryrelay.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.foundryrelay.sim.protocol.ModuleEndpoint;
import org.foundryrelay.sim.protocol.WorldInfo;

/**
 * A world (usually a simulated one) seen from the module's side: every message the relay sends it is
 * recorded, the last {@code event-subscription-update} count per channel is kept, and the test may push
 * messages as the module would (a {@code remote-request}, say).
 */
public final class RecordingWorld implements ModuleEndpoint {
    private final ModuleEndpoint inner;
    private final List<ObjectNode> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private volatile Consumer<ObjectNode> outbox;

    public RecordingWorld(ModuleEndpoint inner) {
        this.inner = inner;
    }

    @Override
    public WorldInfo info() {
        return inner.info();
    }

    @Override
    public ObjectNode playerList() {
        return inner.playerList();
    }

    @Override
    public ObjectNode handle(ObjectNode message) {
        received.add(message.deepCopy());
        if ("event-subscription-update".equals(message.path("type").asText())) {
            counts.put(message.path("channel").asText(), message.path("count").asInt());
        }
        return inner.handle(message);
    }

    @Override
    public void attach(Consumer<ObjectNode> outbox) {
        this.outbox = outbox;
        inner.attach(outbox);
    }

    /** Sends a message to the relay as the module would. */
    public void push(ObjectNode message) {
        outbox.accept(message);
    }

    /** The count the relay last announced for a module channel (0 before any). */
    public int count(String channel) {
        return counts.getOrDefault(channel, 0);
    }

    /** Waits until the relay has announced {@code expected} subscribers on a channel. */
    public void awaitCount(String channel, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (count(channel) != expected && System.nanoTime() < deadline) sleep();
        if (count(channel) != expected) {
            throw new AssertionError(channel + ": count " + count(channel) + ", expected " + expected);
        }
    }

    /** The first message the relay sent that matches, waiting up to five seconds; null if none came. */
    public ObjectNode await(Predicate<ObjectNode> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            for (var m : received) if (match.test(m)) return m;
            sleep();
        }
        return null;
    }

    public List<ObjectNode> received() {
        return received;
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
