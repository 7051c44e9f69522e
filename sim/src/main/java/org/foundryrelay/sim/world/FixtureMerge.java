package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Deep-merges one fixture file into another, so each area of the bundled world can keep its additions
 * in its own file: objects merge key by key, arrays of documents merge element by element matched on
 * {@code _id} (or {@code id}) with unmatched ones appended, and anything else is replaced.
 */
final class FixtureMerge {
    private FixtureMerge() {}

    static void into(ObjectNode base, ObjectNode overlay) {
        overlay.properties().forEach(e -> base.set(e.getKey(), merged(base.get(e.getKey()), e.getValue())));
    }

    private static JsonNode merged(JsonNode base, JsonNode overlay) {
        if (base instanceof ObjectNode b && overlay instanceof ObjectNode o) {
            into(b, o);
            return b;
        }
        if (base instanceof ArrayNode b && overlay instanceof ArrayNode o && isDocuments(o)) {
            for (var doc : o) {
                var match = Documents.byId(b, Documents.idOf(doc));
                if (match.isPresent()) {
                    // the base keeps its own id key: a merged document with both _id and id would be ambiguous
                    var fields = ((ObjectNode) doc).deepCopy();
                    fields.remove("_id");
                    fields.remove("id");
                    into(match.get(), fields);
                }
                else b.add(doc.deepCopy());
            }
            return b;
        }
        return overlay.deepCopy();
    }

    private static boolean isDocuments(ArrayNode array) {
        if (array.isEmpty()) return false;
        for (var e : array) if (!(e instanceof ObjectNode) || Documents.idOf(e) == null) return false;
        return true;
    }
}
