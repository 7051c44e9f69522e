package org.foundryrelay.routes;

import io.javalin.config.RoutesConfig;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;

/**
 * Endpoints upstream retired but old clients still call: answered by the relay itself with the upstream
 * text that points to the replacement, without reaching a world.
 */
public final class RetiredEndpoints implements Endpoints {
    /** The path served, as OpenAPI lists it. */
    public static final String CONTENTS = "/contents/{path}";

    private static final String BODY = Json.write(Json.error("This endpoint has been deprecated.")
            .put("message", "Use GET /structure with the path query parameter instead.")
            .put("example", "/structure?path=your/path&recursive=true"));

    private final ApiGuard guard;

    public RetiredEndpoints(ApiGuard guard) {
        this.guard = guard;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/contents/*", ctx -> {
            guard.require(ctx, Scope.STRUCTURE_READ);
            Responses.rawJson(ctx, 400, BODY);
        });
    }
}
