package org.foundryrelay.http;

import io.javalin.http.Context;

/** Who made a request, as recorded for its log line by whichever feature authenticated it. */
public final class RequestLog {
    private static final String ACCOUNT = "relay.log.account";
    private static final String KEY = "relay.log.key";
    private static final String PATH = "relay.log.path";

    private RequestLog() {}

    public static void tag(Context ctx, String account, String keyId) {
        ctx.attribute(ACCOUNT, account);
        ctx.attribute(KEY, keyId);
    }

    /** Logs {@code shownPath} instead of the real path, for paths that carry a secret such as a pairing code. */
    public static void maskPath(Context ctx, String shownPath) {
        ctx.attribute(PATH, shownPath);
    }

    static String path(Context ctx) {
        String v = ctx.attribute(PATH);
        return v == null ? ctx.path() : v;
    }

    static String account(Context ctx) {
        String v = ctx.attribute(ACCOUNT);
        return v == null ? "-" : v;
    }

    static String key(Context ctx) {
        String v = ctx.attribute(KEY);
        return v == null ? "-" : v;
    }
}
