package org.foundryrelay.sim.world.playlists;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.foundryrelay.sim.world.Caller;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.Request;
import org.foundryrelay.sim.world.WorldContext;
import org.foundryrelay.sim.world.documents.Access;

/**
 * The module's playlist router: list, play (all, or one sound), stop, next, volume, and one-shot sounds by
 * path. The play state lives in the documents ({@code playing} on playlists and sounds; one-shot sounds in
 * {@code oneShotSounds}).
 */
public final class PlaylistArea {
    /** Foundry's {@code CONST.PLAYLIST_MODES.SIMULTANEOUS}: every sound plays at once. */
    private static final int SIMULTANEOUS = 2;

    private final Documents documents;

    public PlaylistArea(WorldContext context) {
        this.documents = context.documents();
        context.register("get-playlists", this::list);
        context.register("playlist-play", (r, c) -> control(r, c, this::play));
        context.register("playlist-stop", (r, c) -> control(r, c, (req, p) -> {
            stop(p);
            return null;
        }));
        context.register("playlist-next", (r, c) -> control(r, c, (req, p) -> {
            next(p);
            return null;
        }));
        context.register("playlist-volume", this::volume);
        context.register("play-sound", this::playSound);
        context.register("stop-sound", this::stopSound);
    }

    private interface Action {
        /** Changes the playlist; returns an error text or null. */
        String apply(Request request, ObjectNode playlist);
    }

    private ObjectNode list(Request request, Caller caller) {
        var reply = request.reply();
        var playlists = reply.putObject("data").putArray("playlists");
        for (var p : documents.collection("playlists")) playlists.add(serialize(p));
        return reply;
    }

    private ObjectNode control(Request request, Caller caller, Action action) {
        var user = caller.userOrNull();
        if (Access.lacksGm(user)) return request.error(Access.notGm(user, "control playlists"));
        documents.write();
        var id = request.get("playlistId");
        var name = request.get("playlistName");
        if (!Json.truthy(id) && !Json.truthy(name)) return request.error("playlistId or playlistName is required");
        var playlist = find(documents.collection("playlists"), id, name);
        if (playlist == null) return request.error("Playlist not found: " + Json.jsString(Json.truthy(id) ? id : name));
        var error = action.apply(request, playlist);
        if (error != null) return request.error(error);
        var reply = request.reply();
        reply.putObject("data").set("playlist", serialize(playlist));
        return reply;
    }

    private String play(Request request, ObjectNode playlist) {
        var sounds = sounds(playlist);
        var soundId = request.get("soundId");
        var soundName = request.get("soundName");
        if (Json.truthy(soundId) || Json.truthy(soundName)) {
            var sound = find(sounds, soundId, soundName);
            if (sound == null) return "Sound not found: " + Json.jsString(Json.truthy(soundId) ? soundId : soundName);
            sound.put("playing", true);
        } else if (playlist.path("mode").asInt() == SIMULTANEOUS) {
            for (var s : sounds) ((ObjectNode) s).put("playing", true);
        } else if (!sounds.isEmpty()) {
            for (var s : sounds) ((ObjectNode) s).put("playing", false);
            ((ObjectNode) sounds.get(0)).put("playing", true);
        }
        playlist.put("playing", true);
        return null;
    }

    private static void stop(ObjectNode playlist) {
        for (var s : sounds(playlist)) ((ObjectNode) s).put("playing", false);
        playlist.put("playing", false);
    }

    private static void next(ObjectNode playlist) {
        var sounds = sounds(playlist);
        if (sounds.isEmpty()) return;
        int current = -1;
        for (int i = 0; i < sounds.size(); i++) if (sounds.get(i).path("playing").asBoolean()) current = i;
        for (var s : sounds) ((ObjectNode) s).put("playing", false);
        ((ObjectNode) sounds.get((current + 1) % sounds.size())).put("playing", true);
        playlist.put("playing", true);
    }

    private ObjectNode volume(Request request, Caller caller) {
        return control(request, caller, (req, playlist) -> {
            double volume = Json.toNumber(req.get("volume"));
            if (Double.isNaN(volume) || volume < 0 || volume > 1) return "volume must be a number between 0 and 1";
            var soundId = req.get("soundId");
            var soundName = req.get("soundName");
            if (Json.truthy(soundId) || Json.truthy(soundName)) {
                var sound = find(sounds(playlist), soundId, soundName);
                if (sound == null) return "Sound not found: " + Json.jsString(Json.truthy(soundId) ? soundId : soundName);
                Json.putNumber(sound, "volume", volume);
            } else {
                for (var s : sounds(playlist)) Json.putNumber((ObjectNode) s, "volume", volume);
            }
            return null;
        });
    }

    private ObjectNode playSound(Request request, Caller caller) {
        var user = caller.userOrNull();
        if (Access.lacksGm(user)) return request.error(Access.notGm(user, "play sounds"));
        var src = Json.text(request.get("src"));
        if (src == null || src.isEmpty()) return request.error("src is required");
        double volume = Json.truthy(request.get("volume")) ? Json.toNumber(request.get("volume")) : 0.5;
        if (Double.isNaN(volume) || volume < 0 || volume > 1) return request.error("volume must be a number between 0 and 1");
        boolean loop = Json.truthy(request.get("loop"));
        var playing = documents.writableCollection("oneShotSounds").addObject();
        playing.put("src", src);
        Json.putNumber(playing, "volume", volume);
        playing.put("loop", loop);
        var reply = request.reply();
        reply.putObject("data").put("src", src);
        Json.putNumber((ObjectNode) reply.get("data"), "volume", volume);
        ((ObjectNode) reply.get("data")).put("loop", loop);
        return reply;
    }

    private ObjectNode stopSound(Request request, Caller caller) {
        var user = caller.userOrNull();
        if (Access.lacksGm(user)) return request.error(Access.notGm(user, "stop sounds"));
        var src = Json.truthy(request.get("src")) ? Json.jsString(request.get("src")) : null;
        var playing = documents.writableCollection("oneShotSounds");
        int stopped = 0;
        for (int i = playing.size() - 1; i >= 0; i--) {
            if (src == null || src.equals(playing.get(i).path("src").asText())) {
                playing.remove(i);
                stopped++;
            }
        }
        var reply = request.reply();
        var data = reply.putObject("data");
        data.put("stopped", stopped);
        if (src == null) data.putNull("src");
        else data.put("src", src);
        return reply;
    }

    private static ArrayNode sounds(ObjectNode playlist) {
        return playlist.get("sounds") instanceof ArrayNode a ? a : Json.array();
    }

    /** By id, else by name ignoring case. */
    private static ObjectNode find(ArrayNode docs, JsonNode id, JsonNode name) {
        if (Json.truthy(id)) {
            var found = Documents.byId(docs, Json.jsString(id));
            if (found.isPresent()) return found.get();
        }
        if (Json.truthy(name)) {
            var lower = Json.jsString(name).toLowerCase(Locale.ROOT);
            for (var d : docs) if (d.path("name").asText().toLowerCase(Locale.ROOT).equals(lower)) return (ObjectNode) d;
        }
        return null;
    }

    /** {@code {id, name, description, playing, mode, fade, folder, sorting, sounds:[{id,name,path,playing,volume,repeat,fade}]}}. */
    private static ObjectNode serialize(JsonNode p) {
        var o = Json.object();
        o.put("id", Documents.idOf(p));
        o.put("name", p.path("name").asText());
        o.put("description", p.path("description").asText(""));
        o.put("playing", p.path("playing").asBoolean(false));
        o.put("mode", p.path("mode").asInt(0));
        o.set("fade", p.has("fade") ? p.get("fade").deepCopy() : Json.MAPPER.nullNode());
        o.set("folder", p.path("folder").isTextual() ? p.get("folder").deepCopy() : Json.MAPPER.nullNode());
        o.set("sorting", p.has("sorting") ? p.get("sorting").deepCopy() : Json.MAPPER.nullNode());
        var sounds = o.putArray("sounds");
        for (var s : p.path("sounds")) {
            var so = sounds.addObject();
            so.put("id", Documents.idOf(s));
            so.put("name", s.path("name").asText());
            so.put("path", s.path("path").asText());
            so.put("playing", s.path("playing").asBoolean(false));
            so.set("volume", s.path("volume").deepCopy());
            so.put("repeat", s.path("repeat").asBoolean(false));
            so.set("fade", s.has("fade") ? s.get("fade").deepCopy() : Json.MAPPER.nullNode());
        }
        return o;
    }
}
