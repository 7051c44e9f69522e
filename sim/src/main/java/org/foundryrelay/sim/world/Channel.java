package org.foundryrelay.sim.world;

import java.util.Arrays;
import java.util.Optional;

/** The module's event channels, switched by {@code event-subscription-update}. */
public enum Channel {
    CHAT("chat-events"),
    ROLL("roll-events"),
    HOOKS("hooks"),
    COMBAT("combat-events"),
    ACTOR("actor-events"),
    SCENE("scene-events");

    private final String wireName;

    Channel(String wireName) {
        this.wireName = wireName;
    }

    /** The channel's name on the wire. */
    public String wireName() {
        return wireName;
    }

    /** The channel with this wire name; empty for names the module does not know. */
    public static Optional<Channel> fromWire(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst();
    }
}
