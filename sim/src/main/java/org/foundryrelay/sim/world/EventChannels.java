package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which event channels are on, and where pushed messages go. Like the module, a channel stays on until
 * an explicit {@code count <= 0}, whether or not a connection is attached in between; pushes with no
 * attached outbox are dropped.
 */
final class EventChannels {
    private final EnumSet<Channel> active = EnumSet.noneOf(Channel.class);
    private volatile Consumer<ObjectNode> outbox;

    void attach(Consumer<ObjectNode> outbox) {
        this.outbox = outbox;
    }

    /**
     * Applies {@code {"type":"event-subscription-update","channel","count"}}: on when count > 0, off
     * otherwise. Unknown channel names are ignored, as the module refuses to enable them.
     */
    void update(ObjectNode message) {
        var channel = Channel.fromWire(Json.text(message.get("channel")));
        if (channel.isEmpty()) return;
        if (Json.toNumber(message.get("count")) > 0) active.add(channel.get());
        else active.remove(channel.get());
    }

    boolean isOn(Channel channel) {
        return active.contains(channel);
    }

    Set<Channel> snapshot() {
        return active.isEmpty() ? Set.of() : Set.copyOf(active);
    }

    /** Sends {@code message} whatever the channels, if an outbox is attached (e.g. {@code player-list}). */
    void send(ObjectNode message) {
        var target = outbox;
        if (target != null) target.accept(message);
    }

    /** Sends {@code message} if {@code channel} is on and an outbox is attached. */
    void push(Channel channel, ObjectNode message) {
        var target = outbox;
        if (target != null && active.contains(channel)) target.accept(message);
    }
}
