package org.foundryrelay.events;

/**
 * An event from a world's recent history, as a client that did not subscribe may read it.
 *
 * @param name the SSE event name ({@code roll}, {@code combat-<eventType>})
 * @param data the event's JSON text
 */
public record PastEvent(long id, Channel channel, String name, String data) {}
