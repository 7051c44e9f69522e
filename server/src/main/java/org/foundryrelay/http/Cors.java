package org.foundryrelay.http;

import io.javalin.http.Context;
import java.util.List;

/**
 * Cross-origin access for browser clients (stream overlays, web tools). Origins are configurable; the
 * default lets any origin call, which is safe because credentials travel in a header, never a cookie.
 */
final class Cors {
    private static final String ALLOWED_HEADERS =
            "Accept, Authorization, Content-Type, X-API-Key, X-Client-Id, Idempotency-Key, Last-Event-ID, Mcp-Protocol-Version";
    private static final String EXPOSED_HEADERS =
            "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After, Idempotent-Replayed, WWW-Authenticate";

    private final List<String> origins;
    private final boolean any;

    Cors(List<String> origins) {
        this.origins = origins;
        this.any = origins.contains("*");
    }

    /** Adds the CORS headers for this request's origin; true when the origin is allowed. */
    boolean apply(Context ctx) {
        var origin = ctx.header("Origin");
        if (origin == null) return false;
        if (any) {
            ctx.header("Access-Control-Allow-Origin", "*");
        } else if (origins.contains(origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
        } else {
            return false;
        }
        ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        return true;
    }

    /** Answers a preflight request. */
    void preflight(Context ctx) {
        if (apply(ctx)) {
            ctx.header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
            ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            ctx.header("Access-Control-Max-Age", "600");
        }
        ctx.status(204);
    }
}
