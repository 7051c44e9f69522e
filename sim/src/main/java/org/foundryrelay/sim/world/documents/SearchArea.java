package org.foundryrelay.sim.world.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.foundryrelay.sim.world.Caller;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Fixture.User;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.Request;
import org.foundryrelay.sim.world.WorldContext;

/**
 * The module's {@code search}: an index of world documents and compendium entries, matched by name
 * (exact 100, prefix 80, substring 60, word prefix 40, letters in order 20) and narrowed by a filter.
 */
public final class SearchArea {
    private static final int DEFAULT_LIMIT = 200, MAX_LIMIT = 500;
    private static final List<String> SEARCHED = List.of("Actor", "Item", "JournalEntry", "Scene", "Macro", "Playlist",
            "RollTable", "Cards");

    private final Documents documents;

    public SearchArea(WorldContext context) {
        this.documents = context.documents();
        context.register("search", this::search);
    }

    private record Entry(Ref ref, String documentType, String folder, String pack, String packTitle, String subType,
                         String resultType) {}

    private record Hit(Entry entry, int score, String formatted) {}

    private ObjectNode search(Request request, Caller caller) {
        var user = caller.userOrNull();
        var query = Json.truthy(request.get("query")) ? Json.jsString(request.get("query")) : "";
        Map<String, String> filter;
        try {
            filter = filter(request.get("filter"));
        } catch (IllegalArgumentException e) {
            return error(request, query, e.getMessage());
        }
        User owner = null;
        if (Json.truthy(request.get("ownedByUserId"))) {
            var resolved = Caller.resolve(documents, request.get("ownedByUserId"));
            if (resolved instanceof Caller.Unknown(var raw)) return error(request, query, "User not found: " + raw);
            owner = resolved.userOrNull();
        }
        double limitValue = Json.truthy(request.get("limit")) ? Json.toNumber(request.get("limit")) : DEFAULT_LIMIT;
        int limit = (int) Math.max(1, Math.min(MAX_LIMIT, Double.isNaN(limitValue) ? DEFAULT_LIMIT : limitValue));
        boolean minified = Json.truthy(request.get("minified"));
        boolean worldOnly = Json.truthy(request.get("excludeCompendiums"));

        var hits = new ArrayList<Hit>();
        var seen = new LinkedHashSet<String>();
        for (var entry : index(worldOnly)) {
            if (!matches(entry, filter) || !seen.add(entry.ref().uuid())) continue;
            if (owner != null && Access.level(documents, entry.ref(), owner) < Access.OWNER) continue;
            if (query.isEmpty()) {
                hits.add(new Hit(entry, 0, entry.ref().name()));
                continue;
            }
            var hit = score(entry, query);
            if (hit != null) hits.add(hit);
        }
        hits.sort(Comparator.comparingInt(Hit::score).reversed());
        var reply = request.reply();
        reply.put("query", query);
        if (request.body().has("filter")) reply.set("filter", request.get("filter").deepCopy());
        var results = reply.putArray("results");
        for (var hit : hits) {
            if (results.size() >= limit) break;
            int level = Access.level(documents, hit.entry().ref(), user);
            if (level == Access.NONE) continue;
            results.add(minified || level == Access.LIMITED ? minified(hit.entry()) : full(hit));
        }
        return reply;
    }

    private static ObjectNode error(Request request, String query, String message) {
        var reply = request.reply();
        reply.put("query", query);
        reply.put("error", message);
        reply.putArray("results");
        return reply;
    }

    private List<Entry> index(boolean worldOnly) {
        var entries = new ArrayList<Entry>();
        for (var type : SEARCHED) {
            var collection = documents.collection(Uuids.WORLD.get(type));
            for (var node : collection) {
                var doc = (ObjectNode) node;
                entries.add(new Entry(new Ref(type, doc, collection, null, Uuids.of(type, doc)), type,
                        doc.path("folder").asText(null), null, null, doc.path("type").asText(null), "WorldEntity"));
            }
        }
        if (worldOnly) return entries;
        for (var pack : documents.collection("packs")) {
            var collection = pack.path("collection").asText();
            var type = pack.path("documentName").asText();
            for (var node : pack.path("index")) {
                var doc = (ObjectNode) node;
                var uuid = "Compendium." + collection + "." + type + "." + Documents.idOf(doc);
                entries.add(new Entry(new Ref(type, doc, null, null, uuid), type, null, collection,
                        pack.path("title").asText(), doc.path("type").asText(null), "CompendiumEntity"));
            }
        }
        return entries;
    }

    /** A filter string: {@code Actor}, or {@code key:value} pairs separated by commas. */
    private static Map<String, String> filter(JsonNode raw) {
        var filter = new LinkedHashMap<String, String>();
        if (raw == null || raw.isMissingNode() || raw.isNull()) return filter;
        if (raw.isObject()) {
            raw.fields().forEachRemaining(e -> filter.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
            return filter;
        }
        var text = Json.jsString(raw).trim();
        if (text.isEmpty()) return filter;
        if (!text.contains(":")) {
            filter.put("documenttype", text);
            return filter;
        }
        for (var part : text.split(",")) {
            var kv = part.split(":", 2);
            if (kv.length != 2 || kv[0].isBlank()) throw new IllegalArgumentException("Invalid filter: " + part.trim());
            filter.put(kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim());
        }
        return filter;
    }

    private static boolean matches(Entry entry, Map<String, String> filter) {
        for (var f : filter.entrySet()) {
            var want = f.getValue();
            var have = switch (f.getKey()) {
                case "documenttype" -> entry.documentType();
                case "subtype" -> entry.subType();
                case "folder" -> {
                    if (want.startsWith("Folder.")) want = want.substring(7);
                    yield entry.folder();
                }
                case "package" -> {
                    if (want.startsWith("Compendium.")) want = want.substring(11);
                    yield entry.pack();
                }
                case "resulttype" -> entry.resultType();
                default -> entry.ref().doc().path(f.getKey()).asText(null);
            };
            if (have == null || !have.equalsIgnoreCase(want)) return false;
        }
        return true;
    }

    private static Hit score(Entry entry, String query) {
        var name = entry.ref().name();
        var lowerName = name.toLowerCase(Locale.ROOT);
        var q = query.toLowerCase(Locale.ROOT);
        if (lowerName.equals(q)) return new Hit(entry, 100, "<strong>" + name + "</strong>");
        int at = lowerName.indexOf(q);
        if (at >= 0) {
            int score = at == 0 ? 80 : (Character.isWhitespace(lowerName.charAt(at - 1)) ? 40 : 60);
            return new Hit(entry, score, name.substring(0, at) + "<strong>" + name.substring(at, at + q.length()) + "</strong>"
                    + name.substring(at + q.length()));
        }
        int i = 0;
        for (int c = 0; c < lowerName.length() && i < q.length(); c++) if (lowerName.charAt(c) == q.charAt(i)) i++;
        return i == q.length() ? new Hit(entry, 20, name) : null;
    }

    private static ObjectNode minified(Entry entry) {
        var o = Json.object();
        o.put("uuid", entry.ref().uuid());
        o.put("id", entry.ref().id());
        o.put("name", entry.ref().name());
        o.set("img", entry.ref().doc().path("img").isMissingNode() ? Json.MAPPER.nullNode() : entry.ref().doc().get("img").deepCopy());
        o.put("documentType", entry.documentType());
        return o;
    }

    private ObjectNode full(Hit hit) {
        var e = hit.entry();
        var o = Json.object();
        o.put("documentType", e.documentType());
        putOrNull(o, "folder", e.folder());
        o.put("id", e.ref().id());
        o.put("name", e.ref().name());
        if (e.pack() != null) {
            o.put("package", e.pack());
            o.put("packageName", e.packTitle());
        }
        putOrNull(o, "subType", e.subType());
        o.put("uuid", e.ref().uuid());
        putOrNull(o, "icon", e.ref().doc().path("img").asText(null));
        o.put("journalLink", "@UUID[" + e.ref().uuid() + "]{" + e.ref().name() + "}");
        o.put("tagline", e.pack() != null ? e.packTitle() : tagline(e));
        o.put("formattedMatch", hit.formatted());
        o.put("resultType", e.resultType());
        return o;
    }

    private String tagline(Entry e) {
        var folder = e.folder() == null ? null : Documents.byId(documents.collection("folders"), e.folder()).orElse(null);
        return folder == null ? e.documentType() : e.documentType() + " · " + folder.path("name").asText();
    }

    private static void putOrNull(ObjectNode o, String key, String value) {
        if (value == null) o.putNull(key);
        else o.put(key, value);
    }
}
