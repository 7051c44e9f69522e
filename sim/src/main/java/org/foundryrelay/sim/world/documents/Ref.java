package org.foundryrelay.sim.world.documents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.foundryrelay.sim.world.Documents;

/**
 * A document found by UUID: its Foundry document name, its JSON, the array holding it (null for compendium
 * index entries, which cannot change), and the document it is embedded in.
 */
public record Ref(String documentName, ObjectNode doc, ArrayNode collection, Ref parent, String uuid) {

    public String id() {
        return Documents.idOf(doc);
    }

    public String name() {
        return doc.path("name").asText("");
    }

    /** What the module prints in permission errors: the name, else the UUID. */
    public String label() {
        var name = name();
        return name.isEmpty() ? uuid : name;
    }

    /** True for entries of a compendium index. */
    public boolean inCompendium() {
        return collection == null;
    }

    /** Removes the document from its collection. */
    public void remove() {
        for (int i = 0; i < collection.size(); i++) {
            if (collection.get(i) == doc) {
                collection.remove(i);
                return;
            }
        }
    }
}
