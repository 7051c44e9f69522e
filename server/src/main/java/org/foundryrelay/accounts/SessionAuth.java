package org.foundryrelay.accounts;

import io.javalin.http.Context;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.http.RequestLog;

/** The Bearer check in front of every signed-in {@code /auth/*} route. */
public final class SessionAuth {
    private final AccountService accounts;

    public SessionAuth(AccountService accounts) {
        this.accounts = accounts;
    }

    /**
     * The signed-in account of a request carrying {@code Authorization: Bearer <session token>}.
     *
     * @throws ApiException 401 without a token or with one that is unknown, expired or of a disabled account
     */
    public AccountService.Current require(Context ctx) {
        var header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw new ApiException(401, "Bearer token required");
        }
        var current = accounts.current(header.substring(7).trim())
                .orElseThrow(() -> new ApiException(401, "Invalid or expired session. Please log in again."));
        RequestLog.tag(ctx, current.account().name(), current.session().id());
        return current;
    }

    /**
     * The caller's address for rate limits and the activity log: the TCP peer, or behind a proxy listed in
     * {@code TRUSTED_PROXIES} the client it forwarded (resolved once per request by the HTTP server).
     */
    public static String address(Context ctx) {
        return ctx.req().getRemoteAddr();
    }
}
