package org.foundryrelay.sim.world.canvas;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.foundryrelay.sim.world.Caller;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.Ownership;
import org.foundryrelay.sim.world.Request;
import org.foundryrelay.sim.world.WorldContext;
import org.foundryrelay.sim.world.events.DocumentEvents;

/**
 * Scenes ({@code scene.ts}): read, create, update, delete and switch. Switching activates the scene, so the
 * typed views (active scene, tokens of encounters) follow at once.
 */
public final class SceneArea {
    private static final String[] EMBEDDED = Scenes.CLASS_BY_COLLECTION.keySet().toArray(String[]::new);

    private final WorldContext context;
    private final Documents docs;
    private final DocumentEvents events;

    public SceneArea(WorldContext context, DocumentEvents events) {
        this.context = context;
        this.docs = context.documents();
        this.events = events;
        context.register("get-scene", this::get);
        context.register("create-scene", this::create);
        context.register("update-scene", this::update);
        context.register("delete-scene", this::delete);
        context.register("switch-scene", this::switchScene);
    }

    // sceneId → name (exact) → active → viewed (the simulated GM views the active scene)
    private Optional<ObjectNode> resolve(Request r, boolean allowActive) {
        var id = Json.text(r.get("sceneId"));
        if (id != null) return Scenes.byId(docs, id);
        var name = Json.text(r.get("name"));
        if (name != null) return Scenes.byName(docs, name);
        if (allowActive && (Json.truthy(r.get("active")) || Json.truthy(r.get("viewed")))) return Scenes.active(docs);
        return Optional.empty();
    }

    private ObjectNode get(Request r, Caller caller) {
        if (Json.truthy(r.get("all"))) {
            var reply = r.reply();
            var list = reply.putArray("data");
            for (var s : docs.collection("scenes")) {
                if (Ownership.level(s, caller) >= Ownership.LIMITED) list.add(Scenes.toObject(s));
            }
            return reply;
        }
        var scene = resolve(r, true);
        if (scene.isEmpty()) return nullData(r.error("Scene not found"));
        var user = caller.userOrNull();
        if (Ownership.level(scene.get(), caller) < Ownership.OBSERVER) {
            return nullData(r.error("User '" + user.name() + "' does not have permission to view this scene"));
        }
        var reply = r.reply();
        reply.set("data", Scenes.toObject(scene.get()));
        return reply;
    }

    private ObjectNode create(Request r, Caller caller) {
        var user = caller.userOrNull();
        if (user != null && !user.isGM()) {
            return r.error("User '" + user.name() + "' does not have permission to create scenes");
        }
        if (!(r.get("data") instanceof ObjectNode data) || data.path("name").asText("").isBlank()) {
            return r.error("Failed to create scene");
        }
        var scene = Json.object().put("_id", context.newId()).put("name", data.get("name").asText()).put("active", false)
                .put("navigation", true).put("width", 4000).put("height", 3000);
        scene.putObject("grid").put("type", 1).put("size", 100).put("distance", 5).put("units", "ft");
        scene.putObject("background").putNull("src");
        scene.put("backgroundColor", "#999999");
        for (var c : EMBEDDED) scene.putArray(c);
        scene.putObject("ownership").put("default", 0).put(user != null ? user.id() : docs.gm().id(), Ownership.OWNER);
        var clean = data.deepCopy();
        clean.remove("_id");
        clean.remove("id");
        boolean activate = clean.path("active").asBoolean(false);
        clean.remove("active");
        Scenes.merge(scene, clean);
        docs.writableCollection("scenes").add(scene);
        events.hook("createScene", scene, Json.object(), Json.MAPPER.getNodeFactory().textNode(user != null ? user.id() : docs.gm().id()));
        if (activate) activate(Documents.idOf(scene));
        var reply = r.reply();
        reply.set("data", Scenes.toObject(Scenes.byId(docs, Documents.idOf(scene)).orElseThrow()));
        return reply;
    }

    private ObjectNode update(Request r, Caller caller) {
        var found = resolve(r, true);
        if (found.isEmpty()) return nullData(r.error("Scene not found"));
        var user = caller.userOrNull();
        if (Ownership.level(found.get(), caller) < Ownership.OWNER) {
            return r.error(Ownership.denied(user, "update", found.get().path("name").asText()));
        }
        if (!(r.get("data") instanceof ObjectNode data)) return r.error("Failed to update scene");
        var id = Documents.idOf(found.get());
        docs.write();
        var scene = Scenes.writable(docs, id);
        var clean = data.deepCopy();
        clean.remove("_id");
        clean.remove("id");
        var activate = clean.remove("active");
        Scenes.merge(scene, clean);
        events.hook("updateScene", scene, data, Json.object().put("diff", true));
        if (activate != null && activate.asBoolean(false)) activate(id);
        var reply = r.reply();
        reply.set("data", Scenes.toObject(Scenes.byId(docs, id).orElseThrow()));
        return reply;
    }

    private ObjectNode delete(Request r, Caller caller) {
        var found = resolve(r, false);
        if (found.isEmpty()) return r.error("Scene not found").put("success", false);
        var user = caller.userOrNull();
        if (Ownership.level(found.get(), caller) < Ownership.OWNER) {
            return r.error(Ownership.denied(user, "delete", found.get().path("name").asText())).put("success", false);
        }
        var id = Documents.idOf(found.get());
        var scenes = docs.writableCollection("scenes");
        for (int i = 0; i < scenes.size(); i++) {
            if (id.equals(Documents.idOf(scenes.get(i)))) {
                events.hook("deleteScene", scenes.get(i));
                scenes.remove(i);
                break;
            }
        }
        return r.reply().put("success", true);
    }

    private ObjectNode switchScene(Request r, Caller caller) {
        var refused = Ownership.gmOnly(caller, "switch scenes");
        if (refused != null) return r.error(refused);
        var found = resolve(r, false);
        if (found.isEmpty()) return r.error("Scene not found");
        var id = Documents.idOf(found.get());
        activate(id);
        var reply = r.reply().put("success", true);
        reply.set("data", Scenes.toObject(Scenes.byId(docs, id).orElseThrow()));
        return reply;
    }

    /** Makes {@code id} the one active (and viewed) scene. */
    void activate(String id) {
        var scenes = docs.writableCollection("scenes");
        for (var s : scenes) {
            var o = (ObjectNode) s;
            boolean on = id.equals(Documents.idOf(o));
            if (o.path("active").asBoolean(false) != on) {
                o.put("active", on);
                events.hook("updateScene", o, Json.object().put("active", on), Json.object().put("diff", true));
            }
        }
        var scene = Scenes.byId(docs, id).orElseThrow();
        events.hook("canvasReady", Json.object().put("sceneId", id));
        events.scene(id, "scene-activate", Json.object().put("sceneName", scene.path("name").asText()));
    }

    private static ObjectNode nullData(ObjectNode reply) {
        reply.putNull("data");
        return reply;
    }
}
