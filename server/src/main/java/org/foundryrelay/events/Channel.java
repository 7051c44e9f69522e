package org.foundryrelay.events;

/** An event stream clients can subscribe to, and the module channel that feeds it. */
public enum Channel {
    ROLLS("roll-events"),
    COMBAT("combat-events"),
    HOOKS("hooks"),
    ACTOR("actor-events"),
    SCENE("scene-events");

    private final String moduleChannel;

    Channel(String moduleChannel) {
        this.moduleChannel = moduleChannel;
    }

    /** The channel name in {@code event-subscription-update} messages. */
    public String moduleChannel() {
        return moduleChannel;
    }
}
