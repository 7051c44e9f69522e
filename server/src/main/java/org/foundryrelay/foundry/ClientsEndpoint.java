package org.foundryrelay.foundry;

import io.javalin.config.RoutesConfig;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;

/**
 * {@code GET /clients}: the caller's worlds, connected or known from earlier, never another account's.
 * A key bound to some worlds sees only those.
 */
public final class ClientsEndpoint implements Endpoints {
    private final ApiGuard guard;
    private final KnownWorlds worlds;

    public ClientsEndpoint(ApiGuard guard, KnownWorlds worlds) {
        this.guard = guard;
        this.worlds = worlds;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/clients", ctx -> {
            var principal = guard.require(ctx, Scope.CLIENTS_READ);
            var list = worlds.list(principal);
            var body = Json.object().put("total", list.size());
            body.set("clients", list);
            Responses.json(ctx, 200, body);
        });
    }
}
