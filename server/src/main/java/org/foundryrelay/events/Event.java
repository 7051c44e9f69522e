package org.foundryrelay.events;

import java.nio.charset.StandardCharsets;

/**
 * One event as subscribers see it, with what filters match on. The SSE frame is encoded once and shared
 * by every subscriber; {@code data} is the JSON every transport sends as the event's data.
 *
 * @param userId      the Foundry user who made a roll (null for combat events)
 * @param encounterId the combat a combat event belongs to (null for rolls)
 * @param subject     what the hooks, actor and scene channels filter on: the hook name, the actor's UUID,
 *                    the scene's id (null otherwise)
 */
public record Event(long id, Channel channel, String name, String data, String userId, String userName, String encounterId,
                    byte[] frame, String subject) {

    static Event of(long id, Channel channel, String name, String data, String userId, String userName,
                    String encounterId) {
        return of(id, channel, name, data, userId, userName, encounterId, null);
    }

    static Event of(long id, Channel channel, String name, String data, String userId, String userName,
                    String encounterId, String subject) {
        var frame = ("id: " + id + "\nevent: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
        return new Event(id, channel, name, data, userId, userName, encounterId, frame, subject);
    }
}
