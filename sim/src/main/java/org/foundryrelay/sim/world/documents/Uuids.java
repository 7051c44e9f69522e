package org.foundryrelay.sim.world.documents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.foundryrelay.sim.world.Documents;

/**
 * Foundry's {@code fromUuid} over a world's document tree: world documents ({@code Actor.<id>}), embedded
 * ones at any depth ({@code Actor.<id>.Item.<id>}, {@code Scene.<id>.Token.<id>}), the synthetic actor of
 * a token ({@code Scene.<s>.Token.<t>.Actor.<a>}, here its base actor) and compendium index entries
 * ({@code Compendium.<pack>.<Type>.<id>}).
 */
public final class Uuids {
    private Uuids() {}

    /** Document name → the tree's collection of world documents, in the order Foundry lists them. */
    public static final Map<String, String> WORLD = ordered(
            "Scene", "scenes", "Actor", "actors", "Item", "items", "JournalEntry", "journal", "RollTable", "tables",
            "Cards", "cards", "Macro", "macros", "Playlist", "playlists", "Folder", "folders", "User", "users",
            "ChatMessage", "messages");

    /** Embedded document name → the parent's field holding them. */
    private static final Map<String, String> EMBEDDED = ordered(
            "Item", "items", "ActiveEffect", "effects", "Token", "tokens", "PlaylistSound", "sounds",
            "JournalEntryPage", "pages", "Tile", "tiles", "Drawing", "drawings", "AmbientLight", "lights",
            "AmbientSound", "sounds", "Note", "notes", "MeasuredTemplate", "templates", "Wall", "walls",
            "Region", "regions", "TableResult", "results", "Card", "cards");

    private static Map<String, String> ordered(String... pairs) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) map.put(pairs[i], pairs[i + 1]);
        return java.util.Collections.unmodifiableMap(map);
    }

    /** The UUID of a world document. */
    public static String of(String documentName, ObjectNode doc) {
        return documentName + "." + Documents.idOf(doc);
    }

    /** The UUID of a document embedded in {@code parent}. */
    public static String embedded(Ref parent, String documentName, ObjectNode doc) {
        return parent.uuid() + "." + documentName + "." + Documents.idOf(doc);
    }

    /** Resolves a UUID; empty for anything that names no document. */
    public static Optional<Ref> resolve(Documents documents, String uuid) {
        if (uuid == null || uuid.isEmpty()) return Optional.empty();
        var parts = uuid.split("\\.", -1);
        if (parts[0].equals("Compendium")) return compendium(documents, parts, uuid);
        if (parts.length < 2 || parts.length % 2 != 0) return Optional.empty();
        var collectionName = WORLD.get(parts[0]);
        if (collectionName == null) return Optional.empty();
        var collection = documents.collection(collectionName);
        var doc = Documents.byId(collection, parts[1]);
        if (doc.isEmpty()) return Optional.empty();
        var ref = new Ref(parts[0], doc.get(), collection, null, parts[0] + "." + parts[1]);
        for (int i = 2; i < parts.length; i += 2) {
            var type = parts[i];
            var id = parts[i + 1];
            if (type.equals("Actor") && ref.documentName().equals("Token")) {
                var actors = documents.collection("actors");
                var actor = Documents.byId(actors, ref.doc().path("actorId").asText(null)).filter(a -> id.equals(Documents.idOf(a)));
                if (actor.isEmpty()) return Optional.empty();
                ref = new Ref("Actor", actor.get(), actors, ref, ref.uuid() + ".Actor." + id);
                continue;
            }
            var field = EMBEDDED.get(type);
            if (field == null || !(ref.doc().get(field) instanceof ArrayNode children)) return Optional.empty();
            var child = Documents.byId(children, id);
            if (child.isEmpty()) return Optional.empty();
            ref = new Ref(type, child.get(), children, ref, ref.uuid() + "." + type + "." + id);
        }
        return Optional.of(ref);
    }

    // Compendium.<package>.<pack>.<Type>.<id>: the pack's collection name holds one dot.
    private static Optional<Ref> compendium(Documents documents, String[] parts, String uuid) {
        if (parts.length != 5) return Optional.empty();
        var pack = pack(documents, parts[1] + "." + parts[2]);
        if (pack.isEmpty() || !parts[3].equals(pack.get().path("documentName").asText())) return Optional.empty();
        if (!(pack.get().path("index") instanceof ArrayNode index)) return Optional.empty();
        return Documents.byId(index, parts[4]).map(entry -> new Ref(parts[3], entry, null, null, uuid));
    }

    /** A compendium pack by collection name. */
    public static Optional<ObjectNode> pack(Documents documents, String collection) {
        for (var pack : documents.collection("packs")) {
            if (pack instanceof ObjectNode p && collection.equals(p.path("collection").asText())) return Optional.of(p);
        }
        return Optional.empty();
    }
}
