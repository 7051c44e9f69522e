package org.foundryrelay.foundry;

import java.util.ArrayList;
import java.util.List;
import org.foundryrelay.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an authenticated world's message goes: pings are answered, the player list is kept on the socket,
 * an answer completes the request waiting on its requestId, and anything else is offered to the listeners
 * (events). Nothing a world sends on its own ever reaches another world.
 */
final class InboundDispatch {
    private static final Logger LOG = LoggerFactory.getLogger(InboundDispatch.class);
    private static final String PONG = "{\"type\":\"pong\"}";

    private final PendingRequests pending;
    private final List<WorldListener> listeners;

    InboundDispatch(PendingRequests pending, List<WorldListener> listeners) {
        this.pending = pending;
        this.listeners = listeners;
    }

    void dispatch(WorldSocket socket, String text) {
        var msg = InboundMessage.scan(text);
        if (msg == null || msg.type() == null) {
            LOG.debug("dropped a message without type from {}", socket.clientId());
            return;
        }
        switch (msg.type()) {
            case "ping" -> socket.offer(PONG);
            case "pong" -> { }
            case "player-list" -> socket.users(users(text));
            default -> {
                if (msg.requestId() != null
                        && pending.complete(msg.requestId(), socket, new Reply(msg.hasError() ? 400 : 200, text))) {
                    return;
                }
                for (var l : listeners) {
                    if (l.pushed(socket, msg.type(), text)) return;
                }
                LOG.debug("dropped unhandled '{}' from {}", msg.type(), socket.clientId());
            }
        }
    }

    /** The {@code users} of a {@code player-list} message or of the answer to {@code players} (same shape). */
    static List<WorldSocket.WorldUser> users(String text) {
        var users = new ArrayList<WorldSocket.WorldUser>();
        try {
            for (var u : Json.parse(text).path("users")) {
                users.add(new WorldSocket.WorldUser(u.path("id").asText(), u.path("name").asText(), u.path("role").asInt()));
            }
        } catch (Exception e) {
            LOG.debug("unreadable player-list: {}", e.getMessage());
        }
        return users;
    }
}
