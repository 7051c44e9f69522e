package org.foundryrelay.foundry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The top-level fields of a world's message that routing needs, read by streaming over the text without
 * building a tree: the body of a reply is passed on untouched, so it need not be parsed.
 *
 * @param hasError whether the message carries a string {@code error}: the reply then maps to HTTP 400
 */
record InboundMessage(String type, String requestId, boolean hasError) {
    private static final JsonFactory FACTORY = org.foundryrelay.json.Json.MAPPER.getFactory();

    /** Reads the fields; null when the text is not a JSON object. */
    static InboundMessage scan(String text) {
        try (var p = FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            String type = null;
            String requestId = null;
            boolean error = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                var name = p.currentName();
                var value = p.nextToken();
                switch (name) {
                    case "type" -> type = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "requestId" -> requestId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "error" -> error = value == JsonToken.VALUE_STRING;
                    default -> p.skipChildren();
                }
            }
            return new InboundMessage(type, requestId, error);
        } catch (IOException e) {
            return null;
        }
    }
}
