package org.foundryrelay.foundry;

import io.javalin.config.RoutesConfig;
import java.time.Instant;
import java.util.HashSet;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;
import org.foundryrelay.store.WorldRepository;

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
            var seen = new HashSet<String>();
            for (var socket : hub.online(principal.accountId())) {
                if (!principal.mayReach(socket.clientId())) continue;
                seen.add(socket.clientId());
                var m = socket.meta();
                var stored = worlds.find(principal.accountId(), socket.clientId());
                list.addObject()
                        .put("clientId", socket.clientId())
                        .put("worldId", m.worldId()).put("worldTitle", m.worldTitle())
                        .put("foundryVersion", m.foundryVersion()).put("systemId", m.systemId())
                        .put("systemTitle", m.systemTitle()).put("systemVersion", m.systemVersion())
                        .put("customName", m.customName()).put("publicUrl", m.publicUrl())
                        .put("isOnline", true)
                        .put("connectedSince", Instant.ofEpochMilli(socket.connectedAt()).toString())
                        .put("lastSeen", Instant.ofEpochMilli(socket.lastHeard()).toString())
                        .put("firstSeen", stored.map(w -> Instant.ofEpochMilli(w.firstSeenAt()).toString()).orElse(null));
            }
            for (var w : worlds.listByAccount(principal.accountId())) {
                if (seen.contains(w.clientId()) || !principal.mayReach(w.clientId())) continue;
                list.addObject()
                        .put("clientId", w.clientId())
                        .put("worldId", w.worldId()).put("worldTitle", w.worldTitle())
                        .put("foundryVersion", w.foundryVersion()).put("systemId", w.systemId())
                        .put("systemTitle", w.systemTitle()).put("systemVersion", w.systemVersion())
                        .put("customName", w.customName()).put("publicUrl", w.publicUrl())
                        .put("isOnline", false)
                        .putNull("connectedSince")
                        .put("lastSeen", Instant.ofEpochMilli(w.lastSeenAt()).toString())
                        .put("firstSeen", Instant.ofEpochMilli(w.firstSeenAt()).toString());
            }
            body.put("total", list.size());
            Responses.json(ctx, 200, body);
        });
    }
}
