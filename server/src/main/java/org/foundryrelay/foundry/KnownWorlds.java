package org.foundryrelay.foundry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import org.foundryrelay.auth.Principal;
import org.foundryrelay.json.Json;
import org.foundryrelay.store.WorldRecord;
import org.foundryrelay.store.WorldRepository;

/**
 * The worlds a key may see: its account's connected worlds first, then those known from earlier, never
 * another account's; a key bound to some worlds sees only those. Shared by {@code GET /clients} and MCP. In a
 * cluster, worlds connected to other relays count as connected, and every connected world names the relay
 * holding it ({@code instanceId}); when the cluster cannot be asked, the others are listed as known.
 */
public final class KnownWorlds {
    private final WorldHub hub;
    private final WorldRepository worlds;
    private final WorldsElsewhere elsewhere;
    private final String instanceId;

    public KnownWorlds(WorldHub hub, WorldRepository worlds) {
        this(hub, worlds, WorldsElsewhere.NONE, null);
    }

    /** @param instanceId this relay's name in its cluster, or null for a single relay */
    public KnownWorlds(WorldHub hub, WorldRepository worlds, WorldsElsewhere elsewhere, String instanceId) {
        this.hub = hub;
        this.worlds = worlds;
        this.elsewhere = elsewhere;
        this.instanceId = instanceId;
    }

    /** One entry per world, in the {@code GET /clients} shape. */
    public ArrayNode list(Principal principal) {
        var list = Json.MAPPER.createArrayNode();
        // One read of the account's known worlds serves both the connected ones (for firstSeen) and the rest.
        var known = new LinkedHashMap<String, WorldRecord>();
        worlds.listByAccount(principal.accountId()).forEach(w -> known.put(w.clientId(), w));
        for (var socket : hub.online(principal.accountId())) {
            if (!principal.mayReach(socket.clientId())) continue;
            var stored = known.remove(socket.clientId());
            var firstSeen = stored == null ? null : stored.firstSeenAt();
            var o = list.addObject();
            entry(o, socket.clientId(), socket.meta(), socket.connectedAt(), socket.lastHeard(), firstSeen);
            if (instanceId != null) o.put("instanceId", instanceId);
        }
        for (var remote : elsewhereOnline(principal.accountId())) {
            if (!principal.mayReach(remote.clientId()) || !known.containsKey(remote.clientId())) continue;
            var stored = known.remove(remote.clientId());
            var o = list.addObject();
            entry(o, remote.clientId(), remote.meta(), remote.connectedAt(), remote.lastHeard(), stored.firstSeenAt());
            o.put("instanceId", remote.instanceId());
        }
        for (var w : known.values()) {
            if (!principal.mayReach(w.clientId())) continue;
            var meta = new WorldMeta(w.worldId(), w.worldTitle(), w.foundryVersion(), w.systemId(), w.systemTitle(),
                    w.systemVersion(), w.customName(), w.publicUrl());
            entry(list.addObject(), w.clientId(), meta, null, w.lastSeenAt(), w.firstSeenAt());
        }
        return list;
    }

    private java.util.List<RemoteWorld> elsewhereOnline(String accountId) {
        try {
            return elsewhere.online(accountId);
        } catch (WorldsElsewhere.Unavailable e) {
            return java.util.List.of();
        }
    }

    /** One world; {@code connectedSince} is null for a world that is not connected. */
    private static void entry(ObjectNode o, String clientId, WorldMeta m, Long connectedSince, long lastSeen, Long firstSeen) {
        o.put("clientId", clientId)
                .put("worldId", m.worldId()).put("worldTitle", m.worldTitle())
                .put("foundryVersion", m.foundryVersion()).put("systemId", m.systemId())
                .put("systemTitle", m.systemTitle()).put("systemVersion", m.systemVersion())
                .put("customName", m.customName()).put("publicUrl", m.publicUrl())
                .put("isOnline", connectedSince != null)
                .put("connectedSince", instant(connectedSince))
                .put("lastSeen", instant(lastSeen))
                .put("firstSeen", instant(firstSeen));
    }

    private static String instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}
