package org.foundryrelay.foundry;

import io.javalin.config.RoutesConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;
import org.foundryrelay.store.WorldRecord;
import org.foundryrelay.store.WorldRepository;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /clients}: the caller's worlds, connected or known from earlier, never another account's.
 * A key bound to some worlds sees only those.
 */
public final class ClientsEndpoint implements Endpoints {
    private final ApiGuard guard;
    private final WorldHub hub;
    private final WorldRepository worlds;

    public ClientsEndpoint(ApiGuard guard, WorldHub hub, WorldRepository worlds) {
        this.guard = guard;
        this.hub = hub;
        this.worlds = worlds;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/clients", ctx -> {
            var principal = guard.require(ctx, Scope.CLIENTS_READ);
            var body = Json.object().put("total", 0);
            var list = body.putArray("clients");
            // One read of the account's known worlds serves both the connected ones (for firstSeen) and the rest.
            var known = new LinkedHashMap<String, WorldRecord>();
            worlds.listByAccount(principal.accountId()).forEach(w -> known.put(w.clientId(), w));
            for (var socket : hub.online(principal.accountId())) {
                if (!principal.mayReach(socket.clientId())) continue;
                var stored = known.remove(socket.clientId());
                var firstSeen = stored == null ? null : stored.firstSeenAt();
                entry(list.addObject(), socket.clientId(), socket.meta(), socket.connectedAt(), socket.lastHeard(), firstSeen);
            }
            for (var w : known.values()) {
                if (!principal.mayReach(w.clientId())) continue;
                var meta = new WorldMeta(w.worldId(), w.worldTitle(), w.foundryVersion(), w.systemId(), w.systemTitle(),
                        w.systemVersion(), w.customName(), w.publicUrl());
                entry(list.addObject(), w.clientId(), meta, null, w.lastSeenAt(), w.firstSeenAt());
            }
            body.put("total", list.size());
            Responses.json(ctx, 200, body);
        });
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
