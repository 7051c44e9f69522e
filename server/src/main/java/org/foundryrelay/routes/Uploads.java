package org.foundryrelay.routes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Base64;
import java.util.regex.Pattern;
import org.foundryrelay.auth.Principal;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.http.Responses;

/**
 * {@code POST /upload}, in its two forms. Raw bytes (any body that is not JSON, with {@code path},
 * {@code filename} and the rest in the query): the module only accepts a base64 data URL, so the bytes are
 * encoded into one while they stream to the world, a few kilobytes at a time, and an upload never sits
 * whole in the relay's memory, in either form. JSON with a large {@code fileData}: the data URL is sent
 * in pieces from the parsed body rather than copied into one more message.
 */
final class Uploads {
    // 3 bytes make 4 base64 characters: whole groups only, so no padding appears mid-stream.
    private static final int CHUNK = 3 * 16 * 1024;
    private static final Pattern MIME = Pattern.compile("[A-Za-z0-9.+-]+/[A-Za-z0-9.+-]+");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Forwarder forwarder;

    /** Data URLs longer than this are sent in pieces. */
    static final int STREAM_OVER = 256 * 1024;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9+/=:;,._-]*");

    Uploads(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    /** True when the body is raw bytes rather than JSON. */
    static boolean isRaw(Context ctx) {
        var type = ctx.contentType();
        return type != null && !type.isBlank() && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }

    /**
     * Sends a prepared JSON upload with a large {@code fileData} in pieces; null when it is small, or holds
     * characters JSON would have to escape, and so goes the ordinary way.
     */
    org.foundryrelay.foundry.Reply sendJson(Principal principal, Forwarder.Prepared prepared) {
        if (!(prepared.payload().get("fileData") instanceof com.fasterxml.jackson.databind.node.TextNode node)) return null;
        var data = node.textValue();
        if (data.length() <= STREAM_OVER || !PLAIN.matcher(data).matches()) return null;
        return forwarder.sendStreamed(principal, prepared, "fileData", out -> {
            for (int i = 0; i < data.length(); i += CHUNK) out.accept(data.substring(i, Math.min(data.length(), i + CHUNK)));
        }).join();
    }

    void raw(Route route, Context ctx, Principal principal, String clientId) {
        long length = ctx.req().getContentLengthLong();
        if (length < 0) throw new ApiException(411, "Raw uploads need a Content-Length header");
        Inputs inputs = (from, name) -> {
            if (from == Param.Source.BODY && !name.equals("fileData")) from = Param.Source.QUERY;
            if (from != Param.Source.QUERY) return null;
            var v = ctx.queryParam(name);
            return v == null || v.isEmpty() ? null : NODES.textNode(v);
        };
        var prepared = forwarder.prepare(principal, route, inputs, clientId);
        var payload = prepared.payload();
        var mime = payload.path("mimeType").asText(ctx.contentType().split(";")[0].strip());
        if (!MIME.matcher(mime).matches()) mime = "application/octet-stream";
        if (!payload.has("mimeType")) payload.put("mimeType", mime);
        var head = "data:" + mime + ";base64,";
        var in = ctxInput(ctx);
        var reply = forwarder.sendStreamed(principal, prepared, "fileData", out -> {
            out.accept(head);
            var buffer = new byte[CHUNK];
            var encoder = Base64.getEncoder();
            long total = 0;
            try {
                int n;
                while ((n = in.readNBytes(buffer, 0, CHUNK)) > 0) {
                    total += n;
                    out.accept(encoder.encodeToString(n == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, n)));
                    if (n < CHUNK) break;
                }
            } catch (IOException e) {
                // the client went away mid-upload: handled below
            }
            // A short body must not be stored as a whole file: a character base64 does not have makes the
            // world refuse it.
            if (total != length) out.accept("!");
        }).join();
        Responses.rawJson(ctx, reply.status(), reply.body());
    }

    private static java.io.InputStream ctxInput(Context ctx) {
        try {
            return ctx.req().getInputStream();
        } catch (IOException e) {
            throw new ApiException(400, "Could not read the upload");
        }
    }
}
