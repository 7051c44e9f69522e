package org.foundryrelay.events;

import com.fasterxml.jackson.databind.JsonNode;
import org.foundryrelay.json.Json;

/**
 * The module's document events, as subscribers see them: {@code hook-event} becomes an event named after
 * the hook, {@code actor-event} {@code actor-<eventType>} and {@code scene-event} {@code scene-<eventType>},
 * each carrying the module's inner {@code data}. Filters match the hook name, the actor's UUID and the
 * scene's id inside that data (the upstream relay looked for them at the wrong level and so dropped every
 * filtered actor and scene event).
 */
final class DocumentEvents {
    private DocumentEvents() {}

    static boolean handles(String type) {
        return type.equals("hook-event") || type.equals("actor-event") || type.equals("scene-event");
    }

    static Event event(long id, String type, JsonNode data) {
        var json = Json.write(data);
        return switch (type) {
            case "hook-event" -> {
                var hook = data.path("hook").asText("hook");
                yield Event.of(id, Channel.HOOKS, hook, json, null, null, null, hook);
            }
            case "actor-event" -> Event.of(id, Channel.ACTOR, "actor-" + data.path("eventType").asText("event"), json,
                    null, null, null, data.path("actorUuid").asText(null));
            default -> Event.of(id, Channel.SCENE, "scene-" + data.path("eventType").asText("event"), json,
                    null, null, null, data.path("sceneId").asText(null));
        };
    }
}
