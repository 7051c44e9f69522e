package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * What every area of a world (documents, chat, canvas, dnd5e, ...) works with: the world's documents, its
 * random source and dice, its clock, and the event channels to push to. An area registers its message
 * types with {@link #register}; all of them run under the world's lock.
 */
public final class WorldContext {
    private final Documents documents;
    private final RandomGenerator random;
    private final Roller roller;
    private final LongSupplier clock;
    private final EventChannels channels;
    private final Map<String, Handler> handlers;

    WorldContext(Documents documents, RandomGenerator random, Roller roller, LongSupplier clock, EventChannels channels,
                 Map<String, Handler> handlers) {
        this.documents = documents;
        this.random = random;
        this.roller = roller;
        this.clock = clock;
        this.channels = channels;
        this.handlers = handlers;
    }

    public Documents documents() {
        return documents;
    }

    public RandomGenerator random() {
        return random;
    }

    /** The world's dice engine (seedable or scripted in tests). */
    public Roller roller() {
        return roller;
    }

    /** Milliseconds since the epoch, for timestamps. */
    public long now() {
        return clock.getAsLong();
    }

    /** A fresh 16-character Foundry document id. */
    public String newId() {
        return Ids.documentId(random);
    }

    /** Pushes {@code message} to the relay if {@code channel} is switched on. */
    public void push(Channel channel, ObjectNode message) {
        channels.push(channel, message);
    }

    /** True when the relay has switched {@code channel} on. */
    public boolean isOn(Channel channel) {
        return channels.isOn(channel);
    }

    /**
     * Answers {@code type} with {@code handler}. Unknown {@code userId}s are answered with the module's
     * {@code User not found} before the handler runs.
     *
     * @throws IllegalStateException if another area already answers {@code type}
     */
    public void register(String type, Handler handler) {
        if (handlers.putIfAbsent(type, handler) != null) throw new IllegalStateException("two handlers for " + type);
    }
}
