package org.foundryrelay.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.foundryrelay.json.Json;

/** Liveness and status, open to anyone: load balancers and the module's connection check use them. */
public final class HealthEndpoints implements Endpoints {
    private final String version;
    private final BooleanSupplier storeHealthy;
    private final IntSupplier onlineWorlds;
    private final Supplier<ObjectNode> cluster;

    public HealthEndpoints(String version, BooleanSupplier storeHealthy, IntSupplier onlineWorlds) {
        this(version, storeHealthy, onlineWorlds, null);
    }

    /**
     * @param cluster the cluster's state ({@code instanceId}, {@code redis} "ok" or "unreachable", {@code members},
     *                {@code worldsHere}), or null for a single relay
     */
    public HealthEndpoints(String version, BooleanSupplier storeHealthy, IntSupplier onlineWorlds,
                           Supplier<ObjectNode> cluster) {
        this.version = version;
        this.storeHealthy = storeHealthy;
        this.onlineWorlds = onlineWorlds;
        this.cluster = cluster;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/health", this::health);
        routes.get("/api/health", this::health);
        routes.get("/api/status", ctx -> {
            var body = Json.object()
                    .put("status", "ok")
                    .put("version", version)
                    .put("websocket", "/relay")
                    .put("worldsOnline", onlineWorlds.getAsInt());
            if (cluster != null) body.set("cluster", cluster.get());
            Responses.json(ctx, 200, body);
        });
    }

    private void health(Context ctx) {
        boolean ok = storeHealthy.getAsBoolean();
        var body = Json.object()
                .put("status", ok ? "ok" : "unavailable")
                .put("store", ok ? "ok" : "unreachable")
                .put("version", version);
        if (cluster != null) {
            // Without Redis a relay still serves its own worlds: degraded, not down, so balancers keep it.
            var state = cluster.get();
            boolean redis = "ok".equals(state.path("redis").asText());
            if (ok && !redis) body.put("status", "degraded");
            body.put("cluster", redis ? "ok" : "degraded");
            body.set("instance", state);
        }
        Responses.json(ctx, ok ? 200 : 503, body);
    }
}
