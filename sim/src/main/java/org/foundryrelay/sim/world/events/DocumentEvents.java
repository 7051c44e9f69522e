package org.foundryrelay.sim.world.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.foundryrelay.sim.world.Channel;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.WorldContext;

/**
 * What the module pushes when documents change, on the channels the relay switched on: every forwarded
 * Foundry hook as {@code hook-event} ({@code hooks}), actor changes as {@code actor-event}
 * ({@code actor-events}) and canvas changes as {@code scene-event} ({@code scene-events}).
 */
public final class DocumentEvents {
    private final WorldContext context;

    public DocumentEvents(WorldContext context) {
        this.context = context;
    }

    /** {@code {"type":"hook-event","data":{"hook":name,"args":[...]}}}. */
    public void hook(String name, JsonNode... args) {
        if (!context.isOn(Channel.HOOKS)) return;
        var message = Json.object().put("type", "hook-event");
        var data = message.putObject("data").put("hook", name);
        var list = data.putArray("args");
        for (var a : args) list.add(a == null ? Json.MAPPER.nullNode() : a.deepCopy());
        context.push(Channel.HOOKS, message);
    }

    /** {@code {"type":"actor-event","data":{"actorUuid","eventType",...fields}}}. */
    public void actor(String actorUuid, String eventType, ObjectNode fields) {
        if (!context.isOn(Channel.ACTOR)) return;
        var message = Json.object().put("type", "actor-event");
        var data = message.putObject("data").put("actorUuid", actorUuid).put("eventType", eventType);
        if (fields != null) data.setAll(fields.deepCopy());
        context.push(Channel.ACTOR, message);
    }

    /** {@code {"type":"scene-event","data":{"sceneId","eventType",...fields}}}. */
    public void scene(String sceneId, String eventType, ObjectNode fields) {
        if (!context.isOn(Channel.SCENE)) return;
        var message = Json.object().put("type", "scene-event");
        var data = message.putObject("data").put("sceneId", sceneId).put("eventType", eventType);
        if (fields != null) data.setAll(fields.deepCopy());
        context.push(Channel.SCENE, message);
    }

    /** An actor's document changed: {@code updateActor} and the actor channel's {@code update}. */
    public void actorUpdated(ObjectNode actor, ObjectNode changes, String userId) {
        var id = org.foundryrelay.sim.world.Documents.idOf(actor);
        hook("updateActor", actor, changes, Json.object().put("diff", true), textOrNull(userId));
        actor("Actor." + id, "update", Json.object().put("actorName", actor.path("name").asText()).set("changes", changes));
    }

    private static JsonNode textOrNull(String s) {
        return s == null ? Json.MAPPER.nullNode() : Json.MAPPER.getNodeFactory().textNode(s);
    }
}
