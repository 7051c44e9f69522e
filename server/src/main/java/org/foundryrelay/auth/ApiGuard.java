package org.foundryrelay.auth;

import io.javalin.http.Context;
import java.util.Map;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.http.RequestLog;
import org.foundryrelay.json.Json;

/**
 * The gate in front of every authenticated endpoint, on every transport, in the established order: the
 * key (401), the per-key minute limit (429), then the scope (403). The RateLimit-* headers go on every HTTP
 * response that gets past the key check. Failed authentications are limited per client address.
 */
public final class ApiGuard {
    private static final String PRINCIPAL = "relay.principal";

    private final Authenticator authenticator;
    private final RateLimiter limiter;
    private final RateLimiter failures;

    /**
     * @param limiter  requests a minute per key
     * @param failures failed authentications a minute per client address; beyond it, refusals are 429s
     */
    public ApiGuard(Authenticator authenticator, RateLimiter limiter, RateLimiter failures) {
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.failures = failures;
    }

    /**
     * Authenticates the request (the key from {@code x-api-key} or {@code Authorization: Bearer}) and checks
     * {@code scope} (null for endpoints any valid key may call).
     *
     * @throws ApiException with the status and body the caller should see
     */
    public Principal require(Context ctx, Scope scope) {
        return require(ctx, presentedKey(ctx), scope);
    }

    /** As {@link #require(Context, Scope)}, for a transport that reads the key itself. */
    public Principal require(Context ctx, String presentedKey, Scope scope) {
        var principal = authenticate(presentedKey, ctx.req().getRemoteAddr());
        ctx.attribute(PRINCIPAL, principal);
        RequestLog.tag(ctx, principal.accountName(), principal.keyId());
        if (limiter.enabled()) {
            var decision = limiter.acquire(principal.keyId());
            ctx.header("RateLimit-Limit", Integer.toString(decision.limit()));
            ctx.header("RateLimit-Remaining", Integer.toString(decision.remaining()));
            ctx.header("RateLimit-Reset", Long.toString(decision.resetSeconds()));
            if (!decision.allowed()) throw tooMany(decision);
        }
        checkScope(principal, scope);
        return principal;
    }

    /**
     * The same gate for a call that arrives on a socket rather than as an HTTP request: the key as
     * presented (re-checked on every call, so revoking or disabling it takes effect at once), the per-key
     * minute limit shared with HTTP, then {@code scope} (null for none).
     *
     * @param address the client's address, for the failed-authentication limit
     * @throws ApiException with the status and body an HTTP caller would have seen
     */
    public Principal require(String presentedKey, String address, Scope scope) {
        var principal = authenticate(presentedKey, address);
        if (limiter.enabled()) {
            var decision = limiter.acquire(principal.keyId());
            if (!decision.allowed()) throw tooMany(decision);
        }
        checkScope(principal, scope);
        return principal;
    }

    private Principal authenticate(String presentedKey, String address) {
        return switch (authenticator.authenticate(presentedKey)) {
            case AuthResult.Denied d -> throw refusal(d, address);
            case AuthResult.Allowed a -> a.principal();
        };
    }

    private static void checkScope(Principal principal, Scope scope) {
        if (scope != null && !principal.has(scope)) throw new ApiException(403, lacksScope(scope));
    }

    private static ApiException tooMany(RateLimiter.Decision decision) {
        return new ApiException(429, Json.error("Too many API requests, please slow down"),
                Map.of("Retry-After", Long.toString(decision.resetSeconds())));
    }

    /**
     * A failed authentication: its own 401/403, or a 429 once the address has failed too often this minute.
     * Valid keys are never counted or slowed.
     */
    private ApiException refusal(AuthResult.Denied denied, String address) {
        if (failures.enabled() && address != null) {
            var decision = failures.acquire(address);
            if (!decision.allowed()) {
                return new ApiException(429, Json.error("Too many failed authentication attempts from this address; try again later"),
                        Map.of("Retry-After", Long.toString(decision.resetSeconds())));
            }
        }
        var body = Json.error(denied.error());
        if (denied.error().equals(Authenticator.MISSING)) body.put("message", Authenticator.HOW_TO_SEND);
        return new ApiException(denied.status(), body);
    }

    /** The key from {@code x-api-key}, else from {@code Authorization: Bearer}, as many clients send it. */
    public static String presentedKey(Context ctx) {
        var key = ctx.header("x-api-key");
        if (key != null && !key.isBlank()) return key.trim();
        var authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return authorization.substring(7).trim();
        return null;
    }

    /** The refusal every transport gives a key without {@code scope}. */
    public static String lacksScope(Scope scope) {
        return "API key lacks required scope: " + scope.wireName();
    }

    /** Forgets idle callers of both limits. */
    public void sweep() {
        limiter.sweep();
        failures.sweep();
    }

    /** The principal of a request that passed {@link #require}, or null. */
    public static Principal principalOf(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }
}
