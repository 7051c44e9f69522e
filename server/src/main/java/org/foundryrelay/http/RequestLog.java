package org.foundryrelay.http;

import io.javalin.http.Context;

/** Who made a request, as recorded for its log line by whichever feature authenticated it. */
public final class RequestLog {
    private static final String ACCOUNT = "relay.log.account";
    private static final String KEY = "relay.log.key";

    private RequestLog() {}

    public static void tag(Context ctx, String account, String keyId) {
        ctx.attribute(ACCOUNT, account);
        ctx.attribute(KEY, keyId);
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
