package org.foundryrelay.bench.proc;

import java.util.HashMap;

/** Java heap figures from {@code jstat -gc}, in bytes, and the collections so far. */
public record Heap(long usedBytes, long committedBytes, long metaspaceBytes, long collections, double gcSeconds) {

    /** Parses the two-line {@code jstat -gc} output (sizes in KB, by column name). */
    static Heap parse(String jstat) {
        var lines = jstat.strip().split("\\R");
        if (lines.length < 2) throw new IllegalArgumentException("unexpected jstat output: " + jstat);
        var names = lines[0].trim().split("\\s+");
        var values = lines[1].trim().split("\\s+");
        var kb = new HashMap<String, Double>();
        for (int i = 0; i < Math.min(names.length, values.length); i++) {
            try {
                kb.put(names[i], Double.parseDouble(values[i]));
            } catch (NumberFormatException e) {
                // a "-" column (not applicable to this collector)
            }
        }
        double used = sum(kb, "S0U", "S1U", "EU", "OU");
        double committed = sum(kb, "S0C", "S1C", "EC", "OC");
        return new Heap((long) (used * 1024), (long) (committed * 1024), (long) (kb.getOrDefault("MU", 0.0) * 1024),
                (long) sum(kb, "YGC", "FGC"), kb.getOrDefault("GCT", 0.0));
    }

    private static double sum(HashMap<String, Double> kb, String... names) {
        double total = 0;
        for (var n : names) total += kb.getOrDefault(n, 0.0);
        return total;
    }
}
