package org.foundryrelay.auth;

import io.javalin.config.RoutesConfig;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;

/** {@code GET /api/key}: what the presented key is and may do, so a client can check its setup. */
public final class KeyEndpoints implements Endpoints {
    private final ApiGuard guard;

    public KeyEndpoints(ApiGuard guard) {
        this.guard = guard;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/key", ctx -> {
            var p = guard.require(ctx, null);
            var body = Json.object().put("account", p.accountName()).put("keyId", p.keyId());
            var scopes = body.putArray("scopes");
            p.scopes().forEach(s -> scopes.add(s.wireName()));
            var clients = body.putArray("clientIds");
            p.clientIds().stream().sorted().forEach(clients::add);
            body.put("foundryUser", p.foundryUser());
            var perWorld = body.putObject("foundryUsers");
            p.foundryUsers().forEach(perWorld::put);
            Responses.json(ctx, 200, body);
        });
    }
}
