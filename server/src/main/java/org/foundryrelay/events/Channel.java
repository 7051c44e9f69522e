package org.foundryrelay.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * An event stream clients can subscribe to, and the module channel that feeds it. Every transport serves
 * every constant: SSE by its own route, {@code /ws/api} by the module channel name, so a channel added here
 * is reachable over the client socket without further changes.
 */
public enum Channel {
    ROLLS("roll-events", "roll-event"),
    COMBAT("combat-events", "combat-event"),
    CHAT("chat-events", "chat-event"),
    HOOKS("hooks", "hook-event"),
    ACTOR("actor-events", "actor-event"),
    SCENE("scene-events", "scene-event");

    private final String moduleChannel;
    private final String socketType;

    Channel(String moduleChannel, String socketType) {
        this.moduleChannel = moduleChannel;
        this.socketType = socketType;
    }

    /** The channel with this module name ({@code roll-events}, ...), as {@code /ws/api} clients name it. */
    public static Optional<Channel> byModuleChannel(String name) {
        return Arrays.stream(values()).filter(c -> c.moduleChannel.equals(name)).findFirst();
    }

    /** The {@code type} of this channel's event frames on {@code /ws/api} ({@code roll-event}, ...). */
    public String socketType() {
        return socketType;
    }

    /** The channel name in {@code event-subscription-update} messages. */
    public String moduleChannel() {
        return moduleChannel;
    }
}
