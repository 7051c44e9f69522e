package org.foundryrelay.sim.world.canvas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Json;

/** Scene lookups and serialization shared by the scene, canvas and image areas. */
public final class Scenes {
    /** Foundry class name of each canvas collection, in the module's order. */
    public static final Map<String, String> CLASS_BY_COLLECTION;

    static {
        var m = new LinkedHashMap<String, String>();
        m.put("tokens", "Token");
        m.put("tiles", "Tile");
        m.put("drawings", "Drawing");
        m.put("lights", "AmbientLight");
        m.put("sounds", "AmbientSound");
        m.put("notes", "Note");
        m.put("templates", "MeasuredTemplate");
        m.put("walls", "Wall");
        m.put("regions", "Region");
        CLASS_BY_COLLECTION = java.util.Collections.unmodifiableMap(m);
    }

    private Scenes() {}

    /** The scene with this id (read-only node). */
    public static Optional<ObjectNode> byId(Documents docs, String id) {
        return Documents.byId(docs.collection("scenes"), id);
    }

    /** The scene with exactly this name. */
    public static Optional<ObjectNode> byName(Documents docs, String name) {
        for (var s : docs.collection("scenes")) {
            if (s instanceof ObjectNode o && name != null && name.equals(o.path("name").asText(null))) return Optional.of(o);
        }
        return Optional.empty();
    }

    /** The active scene, which the simulated GM also views. */
    public static Optional<ObjectNode> active(Documents docs) {
        for (var s : docs.collection("scenes")) {
            if (s instanceof ObjectNode o && o.path("active").asBoolean(false)) return Optional.of(o);
        }
        return Optional.empty();
    }

    /** The same scene in the writable tree (call after {@link Documents#write()}). */
    public static ObjectNode writable(Documents docs, String id) {
        return Documents.byId(docs.writableCollection("scenes"), id).orElseThrow();
    }

    /** {@code sceneId} else the active scene; empty when neither exists. */
    public static Optional<ObjectNode> target(Documents docs, String sceneId) {
        return sceneId != null ? byId(docs, sceneId) : active(docs);
    }

    /** An embedded collection of a scene (empty array when missing). */
    public static ArrayNode embedded(JsonNode scene, String collection) {
        return scene.get(collection) instanceof ArrayNode a ? a : Json.array();
    }

    /** The collection for a class name or collection name (as either may come), or null. */
    public static String collectionOf(String classOrCollection) {
        if (classOrCollection == null) return null;
        if (CLASS_BY_COLLECTION.containsKey(classOrCollection)) return classOrCollection;
        for (var e : CLASS_BY_COLLECTION.entrySet()) {
            if (e.getValue().equalsIgnoreCase(classOrCollection) || e.getKey().equals(classOrCollection.toLowerCase(Locale.ROOT))) {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * A document as Foundry's {@code toObject()} gives it: {@code _id} first (hand-written fixtures may say
     * {@code id}), embedded documents likewise.
     */
    public static ObjectNode toObject(JsonNode doc) {
        var out = Json.object();
        var id = Documents.idOf(doc);
        if (id != null) out.put("_id", id);
        doc.properties().forEach(e -> {
            if (e.getKey().equals("_id") || e.getKey().equals("id")) return;
            var v = e.getValue();
            if (CLASS_BY_COLLECTION.containsKey(e.getKey()) && v.isArray()) {
                var arr = out.putArray(e.getKey());
                v.forEach(d -> arr.add(d.isObject() ? toObject(d) : d.deepCopy()));
            } else {
                out.set(e.getKey(), v.deepCopy());
            }
        });
        return out;
    }

    /** Foundry's {@code foundry.utils.mergeObject} for plain data: objects merge, everything else replaces. */
    public static void merge(ObjectNode target, JsonNode changes) {
        changes.properties().forEach(e -> {
            var key = e.getKey();
            var v = e.getValue();
            if (key.contains(".") && !key.startsWith(".")) {
                // "system.hp.value" style keys address nested fields
                var parts = key.split("\\.", 2);
                var child = target.get(parts[0]) instanceof ObjectNode o ? o : target.putObject(parts[0]);
                merge(child, Json.object().set(parts[1], v));
            } else if (v.isObject() && target.get(key) instanceof ObjectNode existing) {
                merge(existing, v);
            } else {
                target.set(key, v.deepCopy());
            }
        });
    }
}
