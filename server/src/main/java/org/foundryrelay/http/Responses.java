package org.foundryrelay.http;

import io.javalin.http.Context;
import org.foundryrelay.json.Json;

/** Writes JSON responses. */
public final class Responses {
    private Responses() {}

    public static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }

    /** Writes JSON text that is already serialised (a world's reply, passed through untouched). */
    public static void rawJson(Context ctx, int status, String body) {
        ctx.status(status).contentType("application/json").result(body);
    }
}
