package org.foundryrelay.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.foundryrelay.accounts.AccountService;
import org.foundryrelay.auth.Secrets;
import org.foundryrelay.http.ApiException;

/**
 * The dashboard's plumbing: templates, the sign-in cookie, CSRF tokens and the security headers. The session
 * cookie is HttpOnly and SameSite=Strict; every form carries a CSRF token derived from the session token (or,
 * before sign-in, a random cookie it must match), checked on every POST.
 */
final class Web {
    static final String SESSION_COOKIE = "relay_session";
    static final String PRE_COOKIE = "relay_csrf";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

    private final AccountService accounts;

    Web(AccountService accounts) {
        this.accounts = accounts;
    }

    /** Renders a template as the response, with the dashboard's headers. */
    static void render(Context ctx, int status, String template, Map<String, Object> model) {
        var out = new StringOutput();
        TEMPLATES.render(template, model, out);
        headers(ctx);
        ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
    }

    static void headers(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Frame-Options", "DENY");
    }

    /** The signed-in dashboard session, if the request carries a live one. */
    Optional<AccountService.Current> current(Context ctx) {
        var token = ctx.cookie(SESSION_COOKIE);
        return accounts.current(token).filter(c -> c.session().kind().equals("web"));
    }

    /** The CSRF token of a signed-in page: derived from the session token, which only the cookie holds. */
    static String csrfOf(Context ctx) {
        var token = ctx.cookie(SESSION_COOKIE);
        return token == null ? null : Secrets.sha256("csrf:" + token);
    }

    /** The CSRF token for a page shown before sign-in: a random value in its own cookie. */
    static String preSessionCsrf(Context ctx) {
        var existing = ctx.cookie(PRE_COOKIE);
        if (existing != null && existing.matches("[0-9a-f]{32}")) return existing;
        var fresh = Secrets.randomHex(16);
        setCookie(ctx, PRE_COOKIE, fresh, 3600);
        return fresh;
    }

    /**
     * Refuses a state-changing request without the right token (form field {@code _csrf} or header
     * {@code X-CSRF-Token}).
     */
    static void requireCsrf(Context ctx, String expected) {
        var sent = ctx.header("X-CSRF-Token");
        if (sent == null) sent = ctx.formParam("_csrf");
        if (expected == null || sent == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(403, "Missing or invalid CSRF token; reload the page and try again");
        }
    }

    static void setCookie(Context ctx, String name, String value, long maxAgeSeconds) {
        var secure = "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + maxAgeSeconds
                + (secure ? "; Secure" : ""));
    }

    /** A path inside the dashboard to return to after sign-in; anything else becomes the dashboard. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) return "/dashboard";
        return next;
    }

    static String form(Context ctx, String name) {
        var v = ctx.formParam(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
