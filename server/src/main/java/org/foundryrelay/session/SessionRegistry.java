package org.foundryrelay.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The sessions of this relay that have not ended, indexed by id, by connection token, by launch key (so
 * concurrent starts for the same world and user find each other) and by world (so forwarded requests find
 * theirs cheaply). Admission is atomic: the cap counts starting sessions too.
 */
final class SessionRegistry {

    /** The outcome of asking to start. */
    sealed interface Admission {
        /** A session for the same account, Foundry, user and world is starting or running: use it. */
        record Joined(HeadlessSession session) implements Admission {}

        /** A new session, with the plain connection token minted for it. */
        record Admitted(HeadlessSession session, String plainToken) implements Admission {}

        /** The relay runs {@code max} sessions already. */
        record Full(int max) implements Admission {}
    }

    private final Map<String, HeadlessSession> byId = new ConcurrentHashMap<>();
    private final Map<String, HeadlessSession> byToken = new ConcurrentHashMap<>();
    private final Map<String, HeadlessSession> byWorld = new ConcurrentHashMap<>();
    private final Map<String, HeadlessSession> byKey = new HashMap<>(); // guarded by lock
    // A lock rather than synchronized: creating a session writes to the store, which must not pin a carrier thread.
    private final ReentrantLock lock = new ReentrantLock();

    /** Joins a live session with the same key, or creates one with {@code create} unless {@code max} (>0) are live. */
    Admission admit(String launchKey, int max, Supplier<Admission.Admitted> create) {
        lock.lock();
        try {
            var existing = byKey.get(launchKey);
            if (existing != null && !existing.isEnded()) return new Admission.Joined(existing);
            if (max > 0 && byId.size() >= max) return new Admission.Full(max);
            var admitted = create.get();
            var s = admitted.session();
            byKey.put(launchKey, s);
            byId.put(s.id, s);
            byToken.put(s.tokenId, s);
            return admitted;
        } finally {
            lock.unlock();
        }
    }

    /** Indexes a session whose world connected. */
    void running(HeadlessSession s, String clientId) {
        byWorld.put(worldKey(s.accountId, clientId), s);
    }

    void remove(HeadlessSession s) {
        lock.lock();
        try {
            byId.remove(s.id, s);
            byToken.remove(s.tokenId, s);
            byKey.remove(s.launchKey, s);
            byWorld.values().removeIf(v -> v == s);
        } finally {
            lock.unlock();
        }
    }

    HeadlessSession get(String id) {
        return byId.get(id);
    }

    HeadlessSession byToken(String tokenId) {
        return tokenId == null ? null : byToken.get(tokenId);
    }

    HeadlessSession byWorld(String accountId, String clientId) {
        return byWorld.get(worldKey(accountId, clientId));
    }

    /** Every live session, or those of one account. */
    List<HeadlessSession> all(String accountId) {
        var list = new ArrayList<HeadlessSession>();
        for (var s : byId.values()) {
            if (accountId == null || s.accountId.equals(accountId)) list.add(s);
        }
        list.sort((a, b) -> Long.compare(a.startedAt, b.startedAt));
        return list;
    }

    int size() {
        return byId.size();
    }

    private static String worldKey(String accountId, String clientId) {
        return accountId + "\n" + clientId;
    }
}
