package org.foundryrelay.auth;

import io.javalin.http.Context;
import java.util.Map;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.http.RequestLog;
import org.foundryrelay.json.Json;

/**
 * The gate in front of every authenticated endpoint, in the established order: the key (401), the
 * per-key minute limit (429), then the scope (403). The RateLimit-* headers go on every response that
 * gets past the key check.
 */
public final class ApiGuard {
    private static final String PRINCIPAL = "relay.principal";

    private final Authenticator authenticator;
    private final RateLimiter limiter;

    public ApiGuard(Authenticator authenticator, RateLimiter limiter) {
        this.authenticator = authenticator;
        this.limiter = limiter;
    }

    /**
     * Authenticates the request and checks {@code scope} (null for endpoints any valid key may call).
     *
     * @throws ApiException with the status and body the caller should see
     */
    public Principal require(Context ctx, Scope scope) {
        return require(ctx, ctx.header("x-api-key"), scope);
    }

    /**
     * As {@link #require(Context, Scope)}, for a transport that carries the key elsewhere (MCP clients send
     * {@code Authorization: Bearer}).
     */
    public Principal require(Context ctx, String presentedKey, Scope scope) {
        var principal = switch (authenticator.authenticate(presentedKey)) {
            case AuthResult.Denied d -> throw new ApiException(d.status(), d.error());
            case AuthResult.Allowed a -> a.principal();
        };
        ctx.attribute(PRINCIPAL, principal);
        RequestLog.tag(ctx, principal.accountName(), principal.keyId());
        if (limiter.enabled()) {
            var decision = limiter.acquire(principal.keyId());
            ctx.header("RateLimit-Limit", Integer.toString(decision.limit()));
            ctx.header("RateLimit-Remaining", Integer.toString(decision.remaining()));
            ctx.header("RateLimit-Reset", Long.toString(decision.resetSeconds()));
            if (!decision.allowed()) {
                throw new ApiException(429, Json.error("Too many API requests, please slow down"),
                        Map.of("Retry-After", Long.toString(decision.resetSeconds())));
            }
        }
        if (scope != null && !principal.has(scope)) {
            throw new ApiException(403, lacksScope(scope));
        }
        return principal;
    }

    /** The refusal every transport gives a key without {@code scope}. */
    public static String lacksScope(Scope scope) {
        return "API key lacks required scope: " + scope.wireName();
    }

    /** The principal of a request that passed {@link #require}, or null. */
    public static Principal principalOf(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }
}
