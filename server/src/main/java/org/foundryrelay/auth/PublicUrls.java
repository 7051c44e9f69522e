package org.foundryrelay.auth;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The relay's own address as the caller reached it: the request's Host, and TLS when the request came
 * over TLS or a proxy in front of the relay says so with {@code X-Forwarded-Proto: https}.
 */
final class PublicUrls {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");

    private PublicUrls() {}

    /** {@code ws://host/relay}, or {@code wss://} behind TLS: where the module should connect. */
    static String relayUrl(Context ctx) {
        return (secure(ctx) ? "wss://" : "ws://") + host(ctx) + "/relay";
    }

    /** {@code http(s)://host}, without a trailing slash. */
    static String httpBase(Context ctx) {
        return (secure(ctx) ? "https://" : "http://") + host(ctx);
    }

    private static boolean secure(Context ctx) {
        var forwarded = ctx.header("X-Forwarded-Proto");
        if (forwarded != null && !forwarded.isBlank()) {
            // A chain of proxies may list several; the first is what the client used.
            return forwarded.split(",")[0].trim().toLowerCase(Locale.ROOT).equals("https");
        }
        return "https".equalsIgnoreCase(ctx.scheme());
    }

    // The Host header goes back into URLs the module stores and opens, so anything odd is replaced.
    private static String host(Context ctx) {
        var host = ctx.header("Host");
        if (host != null && HOST.matcher(host).matches()) return host;
        return ctx.req().getLocalName() + ":" + ctx.req().getLocalPort();
    }
}
