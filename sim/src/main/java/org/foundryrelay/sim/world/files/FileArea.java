package org.foundryrelay.sim.world.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.foundryrelay.sim.world.Caller;
import org.foundryrelay.sim.world.Fixture;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.Request;
import org.foundryrelay.sim.world.WorldContext;

/**
 * The Foundry server's file storage as the module reaches it ({@code fileSystem.ts}): browse, download
 * and upload, per source ({@code data}, {@code public}, ...). Seeded from the fixture's {@code files}
 * list; uploads live in this world only.
 */
public final class FileArea {
    private static final Map<String, String> MIME = Map.ofEntries(Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("webp", "image/webp"),
            Map.entry("gif", "image/gif"), Map.entry("svg", "image/svg+xml"), Map.entry("txt", "text/plain"),
            Map.entry("md", "text/markdown"), Map.entry("json", "application/json"), Map.entry("pdf", "application/pdf"),
            Map.entry("ogg", "audio/ogg"), Map.entry("mp3", "audio/mpeg"), Map.entry("webm", "video/webm"));

    private record Stored(byte[] bytes, String mimeType) {}

    private final WorldContext context;
    /** source → path → file; read from the fixture on first use, so idle worlds cost nothing. */
    private Map<String, TreeMap<String, Stored>> sources;

    public FileArea(WorldContext context) {
        this.context = context;
        context.register("file-system", this::list);
        context.register("download-file", this::download);
        context.register("upload-file", this::upload);
    }

    private TreeMap<String, Stored> files(String source) {
        if (sources == null) {
            sources = new TreeMap<>();
            for (var f : context.documents().collection("files")) {
                var bytes = f.has("base64") ? Base64.getDecoder().decode(f.get("base64").asText())
                        : f.path("text").asText("").getBytes(StandardCharsets.UTF_8);
                put(f.path("source").asText("data"), f.path("path").asText(), bytes, f.path("mimeType").asText(null));
            }
        }
        return sources.computeIfAbsent(source, s -> new TreeMap<>());
    }

    private void put(String source, String path, byte[] bytes, String mimeType) {
        files(source).put(path, new Stored(bytes, mimeType != null ? mimeType : mimeOf(path)));
    }

    // Foundry's default permissions: browsing and uploading need a Trusted Player or higher.
    private static String refused(Caller caller, String permission, String op) {
        var user = caller.userOrNull();
        if (user == null || user.role() >= Fixture.ROLE_TRUSTED) return null;
        return "User '" + user.name() + "' does not have '" + permission + "' permission required to " + op;
    }

    private ObjectNode list(Request r, Caller caller) {
        var denied = refused(caller, "FILES_BROWSE", "browse the file system");
        if (denied != null) return r.error(denied).put("success", false);
        var path = trim(r.get("path").asText(""));
        var source = r.get("source").asText("data");
        boolean recursive = Json.truthy(r.get("recursive"));
        var files = files(source);
        var prefix = path.isEmpty() ? "" : path + "/";
        if (!path.isEmpty() && files.keySet().stream().noneMatch(p -> p.startsWith(prefix))) {
            return r.error("Directory not found: " + path).put("success", false);
        }
        var dirs = new TreeSet<String>();
        var found = new TreeSet<String>();
        int depth = recursive ? 3 : 1; // the directory itself, then up to two more levels
        for (var p : files.keySet()) {
            if (!p.startsWith(prefix)) continue;
            var parts = p.substring(prefix.length()).split("/");
            for (int i = 0; i < parts.length && i < depth; i++) {
                var sub = prefix + String.join("/", java.util.Arrays.copyOf(parts, i + 1));
                if (i == parts.length - 1) found.add(sub);
                else dirs.add(sub);
            }
        }
        var reply = r.reply().put("success", true).put("path", path).put("source", source);
        var results = reply.putArray("results");
        dirs.forEach(d -> results.addObject().put("name", name(d)).put("path", d).put("type", "directory"));
        found.forEach(f -> results.addObject().put("name", name(f)).put("path", f).put("type", "file"));
        reply.put("recursive", recursive);
        return reply;
    }

    private ObjectNode download(Request r, Caller caller) {
        var denied = refused(caller, "FILES_BROWSE", "download files");
        if (denied != null) return r.error(denied).put("success", false);
        var path = Json.text(r.get("path"));
        if (path == null || path.isEmpty()) return r.error("Missing required parameter (path)").put("success", false);
        path = trim(path);
        var source = r.get("source").asText("data");
        var file = files(source).get(path);
        if (file == null) return r.error("Failed to download file: 404 Not Found").put("success", false);
        return r.reply().put("success", true).put("path", path)
                .put("fileData", "data:" + file.mimeType() + ";base64," + Base64.getEncoder().encodeToString(file.bytes()))
                .put("filename", name(path)).put("mimeType", file.mimeType());
    }

    private ObjectNode upload(Request r, Caller caller) {
        var denied = refused(caller, "FILES_UPLOAD", "upload files");
        if (denied != null) return r.error(denied).put("success", false);
        var dir = Json.text(r.get("path"));
        var filename = Json.text(r.get("filename"));
        if (dir == null || filename == null || filename.isEmpty()) {
            return r.error("Missing required parameters (path, filename)").put("success", false);
        }
        var fileData = r.get("fileData");
        if (!fileData.isTextual()) return r.error("Missing file data (either binaryData or fileData is required)").put("success", false);
        var text = fileData.textValue();
        int comma = text.indexOf(',');
        if (!text.startsWith("data:") || comma < 0) {
            return r.error("Invalid file data format: must be data URL with base64 content").put("success", false);
        }
        if (comma == text.length() - 1) return r.error("No base64 data found in file data").put("success", false);
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            return r.error("Invalid base64 data: " + e.getMessage()).put("success", false);
        }
        if (bytes.length == 0) return r.error("Decoded file data is empty").put("success", false);
        var source = r.get("source").asText("data");
        var path = trim(dir).isEmpty() ? filename : trim(dir) + "/" + filename;
        var existing = files(source).containsKey(path);
        if (existing && Json.truthy(r.get("skipIfExists"))) return r.reply().put("success", true).put("path", path);
        if (existing && !Json.truthy(r.get("overwrite"))) {
            return r.error("File already exists. Set overwrite to true to replace it.").put("success", false);
        }
        var declared = Json.text(r.get("mimeType"));
        var header = text.substring(5, comma);
        var fromUrl = header.contains(";") ? header.substring(0, header.indexOf(';')) : header;
        put(source, path, bytes, declared != null ? declared : fromUrl.isEmpty() ? null : fromUrl);
        return r.reply().put("success", true).put("path", path);
    }

    private static String trim(String path) {
        var p = path;
        while (p.startsWith("/")) p = p.substring(1);
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p;
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String mimeOf(String path) {
        var dot = path.lastIndexOf('.');
        return dot < 0 ? "application/octet-stream"
                : MIME.getOrDefault(path.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
    }
}
