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
        var principal = switch (authenticator.authenticate(ctx.header("x-api-key"))) {
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
            throw new ApiException(403, "API key lacks required scope: " + scope.wireName());
        }
        return principal;
    }

    /**
     * The same gate for a call that arrives on a socket rather than as an HTTP request: the key as
     * presented (re-checked on every call, so revoking or disabling it takes effect at once), the per-key
     * minute limit shared with HTTP, then {@code scope} (null for none).
     *
     * @throws ApiException with the status and body an HTTP caller would have seen
     */
    public Principal require(String presentedKey, Scope scope) {
        var principal = switch (authenticator.authenticate(presentedKey)) {
            case AuthResult.Denied d -> throw new ApiException(d.status(), d.error());
            case AuthResult.Allowed a -> a.principal();
        };
        if (limiter.enabled() && !limiter.acquire(principal.keyId()).allowed()) {
            throw new ApiException(429, "Too many API requests, please slow down");
        }
        if (scope != null && !principal.has(scope)) {
            throw new ApiException(403, "API key lacks required scope: " + scope.wireName());
        }
        return principal;
    }

    /** The principal of a request that passed {@link #require}, or null. */
    public static Principal principalOf(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }
}
