package org.foundryrelay.metrics;

import org.foundryrelay.http.ApiDoc;
import io.javalin.config.RoutesConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.json.Json;

/**
 * {@code GET /metrics}: off (404) unless {@code METRICS_TOKEN} is set, and then only for a request that
 * presents it as {@code Authorization: Bearer <token>} (401 otherwise), compared in constant time.
 */
public final class MetricsEndpoint implements Endpoints {
    private final RelayMetrics metrics;
    private final byte[] token;

    /** @param token the scrape token, or null to serve no metrics */
    public MetricsEndpoint(RelayMetrics metrics, String token) {
        this.metrics = metrics;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public java.util.List<ApiDoc> documented() {
        return java.util.List.of(new ApiDoc("GET", "/metrics", "relay", "Prometheus metrics (404 unless METRICS_TOKEN is set)",
                ApiDoc.Access.METRICS_TOKEN, null, "text/plain", java.util.List.of()));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/metrics", ctx -> {
            if (token == null) throw new ApiException(404, "Metrics are off; set METRICS_TOKEN to serve them");
            var header = ctx.header("Authorization");
            var presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(presented, token)) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"metrics\"");
                throw new ApiException(401, Json.error("Metrics need Authorization: Bearer <METRICS_TOKEN>"));
            }
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
        });
    }
}
