package org.foundryrelay.foundry;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.foundryrelay.json.Json;

/**
 * A world's first message, {@code {"type":"auth","token":"…"}}, read by streaming over its top-level fields
 * without building a tree: it is read once, on the connect path that a reconnect storm crowds.
 */
final class AuthMessage {
    private AuthMessage() {}

    /** The token of an {@code auth} message; null for anything else, malformed JSON included. */
    static String token(String text) {
        try (var p = Json.MAPPER.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            String type = null;
            String token = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                var name = p.currentName();
                var value = p.nextToken();
                switch (name) {
                    case "type" -> type = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "token" -> token = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) return null; // trailing content: not one JSON object
            return "auth".equals(type) ? token : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
