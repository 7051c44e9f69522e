package org.foundryrelay.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.foundryrelay.foundry.RemoteWorld;
import org.foundryrelay.foundry.WorldMeta;
import org.foundryrelay.json.Json;

/**
 * The worlds other relays hold, as this relay last heard, so that finding a world's relay is a map lookup and
 * not a round trip to Redis on every call. Kept current by the relays' announcements on the presence channel
 * (a world up, a world down) and reloaded in full from every live relay's held-worlds hash on each beat, which
 * repairs whatever a lost message or a Redis outage left behind. An entry that is stale all the same costs one
 * retry: the relay it names answers that it no longer holds the world, and the caller asks Redis afresh.
 */
final class PresenceView {
    private record Seen(String raw, RemoteWorld world) {}

    private final String instanceId;
    private final ConcurrentHashMap<String, Seen> worlds = new ConcurrentHashMap<>();

    PresenceView(String instanceId) {
        this.instanceId = instanceId;
    }

    /** A world's field in the held-worlds hashes and its key here. */
    static String key(String accountId, String clientId) {
        return accountId + '\n' + clientId;
    }

    /** The world as last heard, held by another relay; null when not known here. */
    RemoteWorld find(String accountId, String clientId) {
        var seen = worlds.get(key(accountId, clientId));
        return seen == null ? null : seen.world();
    }

    /** A world announced (or found in Redis) with its entry {@code raw}; this relay's own are not kept. */
    void heard(String raw) {
        var world = parse(raw);
        if (world != null) heard(raw, world);
    }

    /** {@link #heard(String)} with the entry already read. */
    void heard(String raw, RemoteWorld world) {
        var key = key(world.accountId(), world.clientId());
        if (world.instanceId().equals(instanceId)) worlds.remove(key);
        else worlds.put(key, new Seen(raw, world));
    }

    /** A world gone from {@code holder}: forgotten unless another relay holds it by now. */
    void gone(String holder, String accountId, String clientId) {
        worlds.computeIfPresent(key(accountId, clientId), (k, s) -> s.world().instanceId().equals(holder) ? null : s);
    }

    /** Forgets what this relay believed about {@code world} (its relay did not have it, or is gone). */
    void forget(RemoteWorld world) {
        gone(world.instanceId(), world.accountId(), world.clientId());
    }

    /**
     * Replaces the view by the held-worlds hashes of the live relays, keyed by {@link #key} (entries unchanged
     * since the last reload are not parsed again).
     */
    void reload(Collection<Map<String, String>> hashes) {
        var fresh = new HashMap<String, Seen>();
        for (var hash : hashes) {
            hash.forEach((key, raw) -> {
                var seen = worlds.get(key);
                if (seen == null || !seen.raw().equals(raw)) {
                    var world = parse(raw);
                    if (world == null || world.instanceId().equals(instanceId)) return;
                    seen = new Seen(raw, world);
                }
                // Two relays list the world while it moves (the old one not yet gone): its newest connection wins.
                var other = fresh.get(key);
                if (other == null || other.world().connectedAt() <= seen.world().connectedAt()) fresh.put(key, seen);
            });
        }
        worlds.keySet().retainAll(fresh.keySet());
        worlds.putAll(fresh);
    }

    /** Forgets the worlds of relays not in {@code holders} (they are gone). */
    void keepOnly(java.util.Set<String> holders) {
        worlds.values().removeIf(seen -> !holders.contains(seen.world().instanceId()));
    }

    int size() {
        return worlds.size();
    }

    /** An entry as relays write it (see {@link Presence}); null when unreadable. */
    static RemoteWorld parse(String raw) {
        return parse(raw, null, null);
    }

    /**
     * An entry as relays write it, for the given world (null: as the entry names it; entries written before
     * they named it do not); null when unreadable.
     */
    static RemoteWorld parse(String raw, String accountId, String clientId) {
        try {
            JsonNode e = Json.parse(raw);
            if (accountId == null) accountId = text(e, "accountId");
            if (clientId == null) clientId = text(e, "clientId");
            if (accountId == null || clientId == null) return null;
            var meta = new WorldMeta(text(e, "worldId"), text(e, "worldTitle"), text(e, "foundryVersion"),
                    text(e, "systemId"), text(e, "systemTitle"), text(e, "systemVersion"), text(e, "customName"),
                    text(e, "publicUrl"));
            return new RemoteWorld(accountId, clientId, meta, e.path("instanceId").asText(), e.path("host").asText(),
                    e.path("connectedAt").asLong(), e.path("lastHeard").asLong());
        } catch (Exception e) {
            return null;
        }
    }

    static String text(JsonNode node, String field) {
        var v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
