package org.foundryrelay.foundry;

/** Told about worlds coming and going and about messages they push on their own (events). */
public interface WorldListener {

    /** A world authenticated and is now reachable. */
    default void connected(WorldSocket world) {}

    /** A world's socket closed; requests still waiting on it have already been failed. */
    default void disconnected(WorldSocket world) {}

    /**
     * A message that answers no request.
     *
     * @return true when this listener handled it
     */
    default boolean pushed(WorldSocket world, String type, String text) {
        return false;
    }
}
