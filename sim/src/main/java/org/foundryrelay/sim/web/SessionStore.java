package org.foundryrelay.sim.web;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.foundryrelay.sim.world.Fixture;

/** The logged-in sessions of one front, keyed by cookie value. */
final class SessionStore {
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byId = new ConcurrentHashMap<>();

    /** A new session and the older sessions of the same user in the same world that it replaced. */
    record Created(Session session, List<Session> replaced) {}

    /**
     * Logs {@code user} in. Foundry lets one browser per user into a world: a second login ends the
     * first, so older sessions of that user are removed and returned for the caller to notify.
     */
    synchronized Created create(String worldId, Fixture.User user) {
        var replaced = new ArrayList<Session>();
        byId.values().removeIf(s -> {
            boolean same = s.worldId().equals(worldId) && s.userId().equals(user.id());
            if (same) replaced.add(s);
            return same;
        });
        var bytes = new byte[12];
        random.nextBytes(bytes);
        var session = new Session(HexFormat.of().formatHex(bytes), worldId, user.id(), user.name(), user.role(),
                Instant.now());
        byId.put(session.id(), session);
        return new Created(session, List.copyOf(replaced));
    }

    Optional<Session> get(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /** Removes and returns every session of {@code worldId} (the world was shut down). */
    synchronized List<Session> endWorld(String worldId) {
        var ended = new ArrayList<Session>();
        byId.values().removeIf(s -> {
            boolean match = s.worldId().equals(worldId);
            if (match) ended.add(s);
            return match;
        });
        return ended;
    }

    List<Session> all() {
        return byId.values().stream().sorted((a, b) -> a.created().compareTo(b.created())).toList();
    }
}
