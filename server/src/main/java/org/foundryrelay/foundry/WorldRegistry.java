package org.foundryrelay.foundry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worlds connected to this relay, per account. A client id is unique within an account; two accounts
 * never see or displace each other's worlds, even if they present the same id.
 */
final class WorldRegistry {
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, WorldSocket>> byAccount = new ConcurrentHashMap<>();

    /** What registering a socket did. */
    sealed interface Outcome {
        /** Registered; {@code replaced} is the older socket of the same world from the same host, or null. */
        record Registered(WorldSocket replaced) implements Outcome {}

        /** Refused: the world is connected from another host. */
        record Duplicate() implements Outcome {}
    }

    /**
     * Registers an authenticated socket. The same client id from the same host replaces the old socket (a
     * reloaded tab); from another host it is refused (another GM's browser already holds the world).
     */
    synchronized Outcome register(String accountId, WorldSocket socket) {
        var worlds = byAccount.computeIfAbsent(accountId, k -> new ConcurrentHashMap<>());
        var old = worlds.get(socket.clientId());
        if (old != null && old.isOpen() && !old.remoteHost().equals(socket.remoteHost())) {
            return new Outcome.Duplicate();
        }
        worlds.put(socket.clientId(), socket);
        return new Outcome.Registered(old);
    }

    /** Removes the socket if it is still the registered one for its world. */
    synchronized boolean removeIfCurrent(WorldSocket socket) {
        var accountId = socket.accountId();
        if (accountId == null) return false;
        var worlds = byAccount.get(accountId);
        if (worlds == null) return false;
        boolean removed = worlds.remove(socket.clientId(), socket);
        if (worlds.isEmpty()) byAccount.remove(accountId, worlds);
        return removed;
    }

    WorldSocket find(String accountId, String clientId) {
        var worlds = byAccount.get(accountId);
        return worlds == null ? null : worlds.get(clientId);
    }

    /** The account's connected worlds, oldest connection first. */
    List<WorldSocket> online(String accountId) {
        var worlds = byAccount.get(accountId);
        if (worlds == null) return List.of();
        var list = new ArrayList<>(worlds.values());
        list.sort(Comparator.comparingLong(WorldSocket::connectedAt).thenComparing(WorldSocket::clientId));
        return list;
    }

    List<WorldSocket> all() {
        var list = new ArrayList<WorldSocket>();
        byAccount.values().forEach(m -> list.addAll(m.values()));
        return list;
    }

    boolean isOnline(String clientId) {
        return byAccount.values().stream().anyMatch(m -> m.containsKey(clientId));
    }

    int size() {
        return byAccount.values().stream().mapToInt(ConcurrentHashMap::size).sum();
    }
}
