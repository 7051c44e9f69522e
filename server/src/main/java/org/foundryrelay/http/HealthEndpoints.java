package org.foundryrelay.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.foundryrelay.json.Json;

/** Liveness and status, open to anyone: load balancers and the module's connection check use them. */
public final class HealthEndpoints implements Endpoints {
    private final String version;
    private final BooleanSupplier storeHealthy;
    private final IntSupplier onlineWorlds;

    public HealthEndpoints(String version, BooleanSupplier storeHealthy, IntSupplier onlineWorlds) {
        this.version = version;
        this.storeHealthy = storeHealthy;
        this.onlineWorlds = onlineWorlds;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/health", this::health);
        routes.get("/api/health", this::health);
        routes.get("/api/status", ctx -> Responses.json(ctx, 200, Json.object()
                .put("status", "ok")
                .put("version", version)
                .put("websocket", "/relay")
                .put("worldsOnline", onlineWorlds.getAsInt())));
    }

    private void health(Context ctx) {
        boolean ok = storeHealthy.getAsBoolean();
        Responses.json(ctx, ok ? 200 : 503, Json.object()
                .put("status", ok ? "ok" : "unavailable")
                .put("store", ok ? "ok" : "unreachable")
                .put("version", version));
    }
}
