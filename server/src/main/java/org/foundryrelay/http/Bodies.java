package org.foundryrelay.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.foundryrelay.json.Json;

/** Reads request bodies, turning every malformed one into a 400 that says what is wrong. */
public final class Bodies {
    private Bodies() {}

    /** The body as a JSON object; an empty body reads as {@code {}}. */
    public static ObjectNode object(Context ctx) {
        var text = ctx.body();
        if (text.isBlank()) return Json.object();
        try {
            var node = Json.parse(text);
            if (node instanceof ObjectNode object) return object;
            throw new ApiException(400, "Request body must be a JSON object");
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "Invalid JSON body: " + e.getOriginalMessage());
        }
    }
}
