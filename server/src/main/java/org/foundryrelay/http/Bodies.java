package org.foundryrelay.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.foundryrelay.json.Json;

/** Reads request bodies, turning every malformed one into a 400 that says what is wrong. */
public final class Bodies {
    private Bodies() {}

    /** The body as a JSON object; an empty body reads as {@code {}}. */
    public static ObjectNode object(Context ctx) {
        try {
            var node = utf8WithLength(ctx) ? fromBytes(ctx) : fromText(ctx.body());
            if (node == null) return Json.object();
            if (node instanceof ObjectNode object) return object;
            throw new ApiException(400, "Request body must be a JSON object");
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "Invalid JSON body: " + e.getOriginalMessage());
        }
    }

    // A body with a Content-Length (already checked against the size limit before any handler runs) in
    // UTF-8 is read and parsed as bytes: no copy through the framework's body buffer and no String.
    private static boolean utf8WithLength(Context ctx) {
        var charset = ctx.req().getCharacterEncoding();
        return ctx.req().getContentLengthLong() >= 0
                && (charset == null || charset.equalsIgnoreCase("UTF-8") || charset.equalsIgnoreCase("UTF8"));
    }

    private static JsonNode fromBytes(Context ctx) throws JsonProcessingException {
        byte[] bytes;
        try {
            bytes = ctx.req().getInputStream().readNBytes((int) Math.min(ctx.req().getContentLengthLong(), Integer.MAX_VALUE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (byte b : bytes) {
            if (b < 0) return fromText(new String(bytes, StandardCharsets.UTF_8)); // non-ASCII: the text rules decide
            if (b > ' ') {
                try {
                    return Json.MAPPER.readTree(bytes);
                } catch (JsonProcessingException e) {
                    throw e;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return null; // only ASCII whitespace
    }

    private static JsonNode fromText(String text) throws JsonProcessingException {
        return text.isBlank() ? null : Json.parse(text);
    }
}
