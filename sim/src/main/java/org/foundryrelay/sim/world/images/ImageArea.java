package org.foundryrelay.sim.world.images;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.foundryrelay.sim.world.Caller;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.Ownership;
import org.foundryrelay.sim.world.Request;
import org.foundryrelay.sim.world.WorldContext;
import org.foundryrelay.sim.world.canvas.Scenes;

/**
 * Screenshots ({@code sceneImage.ts}, the sheet capture): the viewed scene as PNG or JPEG, a scene's
 * background image, and an actor's sheet. Images are drawn for real, so callers can decode them.
 */
public final class ImageArea {
    private static final int MAX_SIDE = 4096;

    private final Documents docs;
    private final java.util.function.Supplier<java.util.List<String>> controlled;

    /** {@code controlled}: the GM's selected token ids on the viewed scene, for {@code selected=true}. */
    public ImageArea(WorldContext context, java.util.function.Supplier<java.util.List<String>> controlled) {
        this.docs = context.documents();
        this.controlled = controlled;
        context.register("scene-screenshot", this::screenshot);
        context.register("scene-raw-image", this::rawImage);
        context.register("sheet-screenshot", this::sheet);
    }

    // sceneId → active → viewed (= active in the simulator)
    private Optional<ObjectNode> scene(Request r, StringBuilder error) {
        var id = Json.text(r.get("sceneId"));
        if (id != null) {
            var s = Scenes.byId(docs, id);
            if (s.isEmpty()) error.append("Scene not found: ").append(id);
            return s;
        }
        var s = Scenes.active(docs);
        if (s.isEmpty()) error.append("No active scene");
        return s;
    }

    private ObjectNode screenshot(Request r, Caller caller) {
        var error = new StringBuilder();
        var scene = scene(r, error);
        if (scene.isEmpty()) return r.error(error.toString());
        if (!scene.get().path("active").asBoolean(false)) {
            return r.error("Scene '" + scene.get().path("name").asText() + "' is not the currently viewed scene. Switch to it first.");
        }
        var s = scene.get();
        int sw = s.path("width").asInt(4000), sh = s.path("height").asInt(3000);
        // The GM's viewport shows the whole scene at up to 1024 pixels wide unless a size is asked for.
        double fit = Math.min(1.0, 1024.0 / sw);
        int width = size(r.get("width").asInt(0), (int) Math.round(sw * fit));
        int height = size(r.get("height").asInt(0), (int) Math.round(sh * fit));
        boolean jpeg = "jpeg".equalsIgnoreCase(r.get("format").asText("png")) || "jpg".equalsIgnoreCase(r.get("format").asText(""));
        var grid = !r.get("showGrid").isBoolean() || r.get("showGrid").asBoolean();
        var image = Renderer.encode(Renderer.scene(s, width, height, grid, !Json.truthy(r.get("hideOverlays"))), jpeg,
                r.get("quality").asDouble(0.9));
        return image(r.reply(), image);
    }

    private ObjectNode rawImage(Request r, Caller caller) {
        var error = new StringBuilder();
        var scene = scene(r, error);
        if (scene.isEmpty()) return r.error(error.toString());
        var s = scene.get();
        var src = s.path("background").path("src").asText(null);
        if (src == null || src.isEmpty()) return r.error("Scene '" + s.path("name").asText() + "' has no background image");
        int sw = s.path("width").asInt(4000), sh = s.path("height").asInt(3000);
        double fit = Math.min(1.0, 1024.0 / sw);
        var image = Renderer.encode(Renderer.scene(s, (int) Math.round(sw * fit), (int) Math.round(sh * fit), false, false),
                false, 1);
        var reply = r.reply();
        reply.putObject("data").put("sceneId", Documents.idOf(s)).put("sceneName", s.path("name").asText())
                .put("src", src).put("imageData", image.dataUrl()).put("mimeType", image.mimeType());
        return reply;
    }

    private ObjectNode sheet(Request r, Caller caller) {
        var actor = actorFor(r);
        if (actor.isEmpty()) return r.error("Entity not found").put("success", false);
        if (Ownership.level(actor.get(), caller) < Ownership.OBSERVER) {
            return r.error("User '" + caller.userOrNull().name() + "' does not have permission to view this sheet").put("success", false);
        }
        double scale = Math.clamp(r.get("scale").asDouble(1), 0.1, 4);
        boolean jpeg = "jpeg".equalsIgnoreCase(r.get("format").asText("png"));
        var image = Renderer.encode(Renderer.sheet(actor.get(), scale), jpeg, r.get("quality").asDouble(0.9));
        return image(r.reply().put("success", true), image);
    }

    private Optional<ObjectNode> actorFor(Request r) {
        var uuid = Json.text(r.get("uuid"));
        String actorId = null;
        if (uuid == null && Json.truthy(r.get("selected"))) {
            var scene = Scenes.active(docs);
            var ids = controlled.get();
            if (scene.isEmpty() || ids.isEmpty()) return Optional.empty();
            var token = Documents.byId(Scenes.embedded(scene.get(), "tokens"), ids.getFirst());
            actorId = token.map(t -> t.path("actorId").asText(null)).orElse(null);
        } else if (uuid != null) {
            var parts = uuid.split("\\.");
            if (parts.length == 2 && parts[0].equals("Actor")) actorId = parts[1];
            else if (parts.length >= 4 && parts[0].equals("Scene") && parts[2].equals("Token")) {
                actorId = Scenes.byId(docs, parts[1]).flatMap(s -> Documents.byId(Scenes.embedded(s, "tokens"), parts[3]))
                        .map(t -> t.path("actorId").asText(null)).orElse(null);
            }
        }
        return Documents.byId(docs.collection("actors"), actorId);
    }

    private static ObjectNode image(ObjectNode reply, Renderer.Encoded image) {
        return reply.put("imageData", image.dataUrl()).put("mimeType", image.mimeType())
                .put("width", image.width()).put("height", image.height());
    }

    private static int size(int asked, int fallback) {
        return Math.clamp(asked > 0 ? asked : fallback, 1, MAX_SIDE);
    }
}
