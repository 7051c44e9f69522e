package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One request from the relay, e.g. {@code {"type":"roll","requestId":"roll_1","formula":"1d20","data":{}}},
 * with helpers for the module's reply envelope {@code {"type":"<type>-result","requestId",...}}.
 */
public record Request(String type, ObjectNode body) {

    /** A field of the request; a missing node when absent. */
    public JsonNode get(String field) {
        return body.path(field);
    }

    /** A fresh reply with {@code type} and the echoed {@code requestId} (left out when the request had none). */
    public ObjectNode reply() {
        var reply = Json.object();
        reply.put("type", type + "-result");
        var requestId = body.get("requestId");
        if (requestId != null) reply.set("requestId", requestId.deepCopy());
        return reply;
    }

    /** {@code {type, requestId, error}}. */
    public ObjectNode error(String message) {
        var reply = reply();
        reply.put("error", message);
        return reply;
    }

    /** The module's answer to an unknown userId: {@code {type, requestId, error:"User not found: <id>", data:null}}. */
    public ObjectNode userNotFound(String raw) {
        var reply = error("User not found: " + raw);
        reply.putNull("data");
        return reply;
    }
}
