package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The module's {@code recentRolls}: at most {@value #CAPACITY} roll entries, newest first. Entries are
 * never changed after they are stored (a replacement swaps the whole entry), and copies are handed out.
 */
final class RollLog {
    static final int CAPACITY = 20;
    private List<ObjectNode> entries; // created on first roll: most simulated worlds never roll

    /** {@code unshift} then truncate. */
    void addFirst(ObjectNode entry) {
        if (entries == null) entries = new ArrayList<>(CAPACITY + 1);
        entries.addFirst(entry);
        if (entries.size() > CAPACITY) entries.removeLast();
    }

    /** The chat hook's rule: replace the entry with the same id in place, or add it first. */
    void record(ObjectNode entry) {
        var id = entry.path("id").asText();
        if (entries != null) {
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).path("id").asText().equals(id)) {
                    entries.set(i, entry);
                    return;
                }
            }
        }
        addFirst(entry);
    }

    int size() {
        return entries == null ? 0 : entries.size();
    }

    /** {@code recentRolls[0] ?? null}, copied. */
    ObjectNode newest() {
        return size() == 0 ? null : entries.getFirst().deepCopy();
    }

    /** JavaScript {@code recentRolls.slice(0, end)}, copied; {@code end} may be negative or infinite. */
    ArrayNode slice(double end) {
        var out = Json.array();
        int size = size();
        long stop;
        if (Double.isNaN(end)) stop = 0;
        else if (end < 0) stop = Math.max(size + (long) Math.max(Math.ceil(end), -1e12), 0);
        else stop = (long) Math.min(Math.floor(end), size);
        for (int i = 0; i < stop; i++) out.add(entries.get(i).deepCopy());
        return out;
    }
}
