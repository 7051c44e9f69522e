package org.foundryrelay.events;

import com.fasterxml.jackson.databind.JsonNode;
import org.foundryrelay.json.Json;

/** An event as one line of JSON, for relays of a cluster to pass between them. */
public final class EventCodec {
    private EventCodec() {}

    public static String encode(Event e) {
        return Json.write(Json.object().put("id", e.id()).put("channel", e.channel().name()).put("name", e.name())
                .put("data", e.data()).put("userId", e.userId()).put("userName", e.userName())
                .put("encounterId", e.encounterId()).put("subject", e.subject()));
    }

    /** @throws IllegalArgumentException when the text is not an encoded event */
    public static Event decode(String text) {
        try {
            JsonNode o = Json.parse(text);
            return Event.of(o.path("id").asLong(), Channel.valueOf(o.path("channel").asText()), o.path("name").asText(),
                    o.path("data").asText(), text(o, "userId"), text(o, "userName"), text(o, "encounterId"),
                    text(o, "subject"));
        } catch (Exception e) {
            throw new IllegalArgumentException("not an event: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode o, String field) {
        var v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
