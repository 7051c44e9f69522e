package org.foundryrelay.sim.world.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import org.foundryrelay.sim.world.Json;

/** Document JSON: {@code toObject()} copies, dotted attribute paths, and Foundry's update merge. */
public final class Serial {
    private Serial() {}

    /** A copy shaped like {@code toObject()}: {@code _id} first, no password. */
    public static ObjectNode toObject(ObjectNode doc) {
        var out = Json.object();
        var id = doc.get("_id") != null ? doc.get("_id") : doc.get("id");
        if (id != null) out.set("_id", id.deepCopy());
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("_id") || e.getKey().equals("id") || e.getKey().equals("password")) continue;
            out.set(e.getKey(), e.getValue().deepCopy());
        }
        return out;
    }

    /** The value at a dotted path, or a missing node. */
    public static JsonNode at(JsonNode node, String path) {
        var current = node;
        for (var part : path.split("\\.")) current = current.path(part);
        return current;
    }

    /** Sets the value at a dotted path, creating objects on the way. */
    public static void set(ObjectNode node, String path, JsonNode value) {
        var parts = path.split("\\.");
        var current = node;
        for (int i = 0; i < parts.length - 1; i++) {
            current = current.get(parts[i]) instanceof ObjectNode child ? child : current.putObject(parts[i]);
        }
        current.set(parts[parts.length - 1], value);
    }

    /**
     * Foundry's update: dotted keys are paths, objects merge key by key, anything else replaces;
     * {@code -=key} deletes a key.
     */
    public static void merge(ObjectNode target, ObjectNode changes) {
        for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
            var e = it.next();
            var key = e.getKey();
            if (key.equals("_id")) continue;
            if (key.contains(".")) {
                var expanded = Json.object();
                set(expanded, key, e.getValue().deepCopy());
                merge(target, expanded);
            } else if (key.startsWith("-=")) {
                target.remove(key.substring(2));
            } else if (e.getValue() instanceof ObjectNode obj && target.get(key) instanceof ObjectNode existing) {
                merge(existing, obj);
            } else {
                target.set(key, e.getValue().deepCopy());
            }
        }
    }
}
