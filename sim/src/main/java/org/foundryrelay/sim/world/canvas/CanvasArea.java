package org.foundryrelay.sim.world.canvas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;
import org.foundryrelay.sim.world.Caller;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.Ownership;
import org.foundryrelay.sim.world.Request;
import org.foundryrelay.sim.world.WorldContext;
import org.foundryrelay.sim.world.events.DocumentEvents;

/**
 * The canvas ({@code canvas.ts}): the nine embedded document types of a scene, moving tokens and measuring
 * distances. The scene is {@code sceneId}, else the active one.
 */
public final class CanvasArea {
    private final WorldContext context;
    private final Documents docs;
    private final DocumentEvents events;

    public CanvasArea(WorldContext context, DocumentEvents events) {
        this.context = context;
        this.docs = context.documents();
        this.events = events;
        context.register("get-canvas-documents", this::get);
        context.register("create-canvas-document", this::create);
        context.register("update-canvas-document", this::update);
        context.register("delete-canvas-document", this::delete);
        context.register("move-token", this::move);
        context.register("measure-distance", this::measure);
    }

    /** The scene and collection a canvas request addresses, or the module's error reply. */
    private record Target(ObjectNode scene, String sceneId, String collection, String documentType, ObjectNode error) {}

    private Target target(Request r, Caller caller, int level, String op) {
        var documentType = Json.text(r.get("documentType"));
        var sceneId = Json.text(r.get("sceneId"));
        var scene = Scenes.target(docs, sceneId);
        if (scene.isEmpty()) {
            return fail(r.error(sceneId != null ? "Scene not found: " + sceneId : "No active scene"));
        }
        var className = Json.text(r.get("className"));
        var collection = Scenes.collectionOf(className != null ? className : documentType);
        if (collection == null) return fail(r.error("Invalid document type: " + documentType));
        if (Ownership.level(scene.get(), caller) < level) {
            var user = caller.userOrNull();
            return fail(r.error(level == Ownership.LIMITED
                    ? "User '" + user.name() + "' does not have permission to view this scene's documents"
                    : Ownership.denied(user, op, scene.get().path("name").asText())));
        }
        return new Target(scene.get(), Documents.idOf(scene.get()), collection, documentType, null);
    }

    private static Target fail(ObjectNode error) {
        error.putNull("data");
        return new Target(null, null, null, null, error);
    }

    private ObjectNode answer(Request r, Target t) {
        return r.reply().put("sceneId", t.sceneId()).put("documentType", t.documentType());
    }

    private ObjectNode get(Request r, Caller caller) {
        var t = target(r, caller, Ownership.LIMITED, "view");
        if (t.error() != null) return t.error();
        var list = Scenes.embedded(t.scene(), t.collection());
        var documentId = Json.text(r.get("documentId"));
        var reply = answer(r, t);
        var data = reply.putArray("data");
        if (documentId != null) {
            var doc = Documents.byId(list, documentId);
            if (doc.isEmpty()) return nullData(r.error("Document not found: " + documentId));
            data.add(Scenes.toObject(doc.get()));
        } else {
            list.forEach(d -> data.add(Scenes.toObject(d)));
        }
        return reply;
    }

    private ObjectNode create(Request r, Caller caller) {
        var t = target(r, caller, Ownership.OWNER, "create embedded documents on");
        if (t.error() != null) return t.error();
        var input = r.get("data");
        var items = input.isArray() ? (ArrayNode) input : Json.array().add(input);
        docs.write();
        var scene = Scenes.writable(docs, t.sceneId());
        var list = scene.get(t.collection()) instanceof ArrayNode a ? a : scene.putArray(t.collection());
        var reply = answer(r, t);
        var created = reply.putArray("data");
        for (var item : items) {
            if (!item.isObject()) continue;
            var doc = Json.object().put("_id", context.newId());
            defaults(t.collection(), doc);
            var clean = ((ObjectNode) item).deepCopy();
            clean.remove("_id");
            clean.remove("id");
            Scenes.merge(doc, clean);
            list.add(doc);
            created.add(Scenes.toObject(doc));
            changed(t, "create", doc, clean);
        }
        return reply;
    }

    private ObjectNode update(Request r, Caller caller) {
        var t = target(r, caller, Ownership.OWNER, "update embedded documents on");
        if (t.error() != null) return t.error();
        var documentId = Json.text(r.get("documentId"));
        if (Documents.byId(Scenes.embedded(t.scene(), t.collection()), documentId).isEmpty()) {
            return nullData(r.error("Document not found: " + documentId));
        }
        docs.write();
        var doc = Documents.byId(Scenes.writable(docs, t.sceneId()).withArray(t.collection()), documentId).orElseThrow();
        var changes = r.get("data").deepCopy();
        if (changes instanceof ObjectNode o) {
            o.remove("_id");
            o.remove("id");
            Scenes.merge(doc, o);
        }
        var reply = answer(r, t);
        reply.putArray("data").add(Scenes.toObject(doc));
        changed(t, "update", doc, changes);
        return reply;
    }

    private ObjectNode delete(Request r, Caller caller) {
        var t = target(r, caller, Ownership.OWNER, "delete embedded documents from");
        if (t.error() != null) return t.error().put("success", false);
        var documentId = Json.text(r.get("documentId"));
        if (Documents.byId(Scenes.embedded(t.scene(), t.collection()), documentId).isEmpty()) {
            return r.error("Document not found: " + documentId).put("success", false);
        }
        docs.write();
        var list = Scenes.writable(docs, t.sceneId()).withArray(t.collection());
        for (int i = 0; i < list.size(); i++) {
            if (documentId.equals(Documents.idOf(list.get(i)))) {
                changed(t, "delete", (ObjectNode) list.get(i), null);
                list.remove(i);
                break;
            }
        }
        return answer(r, t).put("success", true);
    }

    // Hooks for every type; scene events for tokens, lights and walls, as the module forwards them.
    private void changed(Target t, String action, ObjectNode doc, JsonNode changes) {
        var className = Scenes.CLASS_BY_COLLECTION.get(t.collection());
        var hook = action + className;
        if (changes != null) events.hook(hook, Scenes.toObject(doc), changes, Json.object());
        else events.hook(hook, Scenes.toObject(doc), Json.object());
        var prefix = switch (t.collection()) {
            case "tokens" -> "token";
            case "lights" -> "light";
            case "walls" -> "wall";
            default -> null;
        };
        if (prefix == null) return;
        var fields = Json.object().put("documentId", Documents.idOf(doc));
        fields.set("document", Scenes.toObject(doc));
        if (changes != null && action.equals("update")) fields.set("changes", changes);
        events.scene(t.sceneId(), prefix + "-" + action, fields);
    }

    private static void defaults(String collection, ObjectNode doc) {
        switch (collection) {
            case "tokens" -> doc.put("name", "").put("x", 0).put("y", 0).put("width", 1).put("height", 1)
                    .put("elevation", 0).put("rotation", 0).put("hidden", false).put("disposition", 0)
                    .put("actorLink", false).putNull("actorId");
            case "walls" -> doc.put("move", 20).put("sight", 20).put("door", 0);
            case "regions" -> doc.put("name", "").putArray("shapes");
            default -> doc.put("x", 0).put("y", 0);
        }
    }

    // --- tokens ----------------------------------------------------------------------------------

    private ObjectNode move(Request r, Caller caller) {
        var refused = Ownership.gmOnly(caller, "move tokens");
        if (refused != null) return r.error(refused);
        if (!isNumber(r.get("x")) || !isNumber(r.get("y"))) return r.error("x and y coordinates are required");
        var uuid = Json.text(r.get("uuid"));
        var name = Json.text(r.get("name"));
        if (uuid == null && name == null) return r.error("uuid or name is required");
        var sceneId = Json.text(r.get("sceneId"));
        var scene = Scenes.target(docs, sceneId);
        if (scene.isEmpty()) return r.error(sceneId != null ? "Scene not found: " + sceneId : "No active scene");
        var token = findToken(scene.get(), uuid, name);
        if (token.isEmpty()) return r.error("Token not found: " + (uuid != null ? uuid : name));
        var waypoints = r.get("waypoints");
        if (waypoints.isArray()) {
            for (var w : waypoints) {
                if (!isNumber(w.get("x")) || !isNumber(w.get("y"))) return r.error("Each waypoint must have x and y coordinates");
            }
        }
        var id = Documents.idOf(scene.get());
        var tokenId = Documents.idOf(token.get());
        docs.write();
        var doc = Documents.byId(Scenes.writable(docs, id).withArray("tokens"), tokenId).orElseThrow();
        Json.putNumber(doc, "x", r.get("x").asDouble());
        Json.putNumber(doc, "y", r.get("y").asDouble());
        var moved = Json.object();
        moved.set("x", doc.get("x"));
        moved.set("y", doc.get("y"));
        changed(new Target(null, id, "tokens", "tokens", null), "update", doc, moved);
        var reply = r.reply();
        var data = reply.putObject("data").put("tokenUuid", "Scene." + id + ".Token." + tokenId)
                .put("name", doc.path("name").asText());
        data.set("x", doc.get("x"));
        data.set("y", doc.get("y"));
        data.put("sceneId", id);
        return reply;
    }

    private Optional<ObjectNode> findToken(ObjectNode scene, String uuid, String name) {
        var tokens = Scenes.embedded(scene, "tokens");
        if (uuid != null) {
            var parts = uuid.split("\\.");
            if (parts.length >= 4 && parts[0].equals("Scene") && parts[2].equals("Token")) {
                return parts[1].equals(Documents.idOf(scene)) ? Documents.byId(tokens, parts[3]) : Optional.empty();
            }
            if (parts.length == 2 && parts[0].equals("Actor")) {
                for (var t : tokens) if (parts[1].equals(t.path("actorId").asText(null))) return Optional.of((ObjectNode) t);
            }
            return Optional.empty();
        }
        var lower = name.toLowerCase(Locale.ROOT);
        for (var t : tokens) if (t.path("name").asText("").toLowerCase(Locale.ROOT).equals(lower)) return Optional.of((ObjectNode) t);
        return Optional.empty();
    }

    private ObjectNode measure(Request r, Caller caller) {
        var sceneId = Json.text(r.get("sceneId"));
        var scene = Scenes.target(docs, sceneId);
        if (scene.isEmpty()) return r.error(sceneId != null ? "Scene not found: " + sceneId : "No active scene");
        var origin = point(r, scene.get(), "origin");
        if (origin.error != null) return r.error(origin.error);
        var target = point(r, scene.get(), "target");
        if (target.error != null) return r.error(target.error);
        var grid = scene.get().path("grid");
        double size = grid.path("size").asDouble(100);
        double per = grid.path("distance").asDouble(5);
        // Square grid, equidistant diagonals (Foundry's default): the longer axis in grid spaces.
        double spaces = Math.max(Math.abs(target.x - origin.x), Math.abs(target.y - origin.y)) / size;
        var reply = r.reply();
        var data = reply.putObject("data");
        Json.putNumber(data, "distance", Math.round(spaces * per * 100) / 100.0);
        data.put("units", grid.path("units").asText("ft"));
        Json.putNumber(data.putObject("origin"), "x", origin.x);
        Json.putNumber((ObjectNode) data.get("origin"), "y", origin.y);
        Json.putNumber(data.putObject("target"), "x", target.x);
        Json.putNumber((ObjectNode) data.get("target"), "y", target.y);
        data.put("sceneId", Documents.idOf(scene.get()));
        return reply;
    }

    private record Point(double x, double y, String error) {}

    private Point point(Request r, ObjectNode scene, String side) {
        var x = r.get(side + "X");
        var y = r.get(side + "Y");
        if (isNumber(x) && isNumber(y)) return new Point(x.asDouble(), y.asDouble(), null);
        var uuid = Json.text(r.get(side + "Uuid"));
        var name = Json.text(r.get(side + "Name"));
        var label = side.substring(0, 1).toUpperCase(Locale.ROOT) + side.substring(1);
        if (uuid == null && name == null) {
            return new Point(0, 0, label + " must be specified as " + side + "X/" + side + "Y or " + side + "Uuid/" + side + "Name");
        }
        var token = findToken(scene, uuid, name);
        if (token.isEmpty()) return new Point(0, 0, label + " token not found: " + (uuid != null ? uuid : name));
        return new Point(token.get().path("x").asDouble(), token.get().path("y").asDouble(), null);
    }

    private static boolean isNumber(JsonNode n) {
        return n != null && n.isNumber();
    }

    private static ObjectNode nullData(ObjectNode reply) {
        reply.putNull("data");
        return reply;
    }
}
