package org.foundryrelay.bench.sse;

import java.time.Instant;

/**
 * The mark a simulated world puts in a roll's flavor text, {@code bench|SEQ|EPOCH_MICROS}: which event it
 * is and when the module emitted it. Wall-clock microseconds, because the world and the subscribers may
 * be different processes; on one machine they read the same clock.
 */
public record Stamp(long seq, long emittedMicros) {
    private static final String MARK = "bench|";

    public String flavor() {
        return MARK + seq + "|" + emittedMicros;
    }

    public static long nowMicros() {
        var now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Finds the stamp in a roll event's JSON data; null when there is none. */
    public static Stamp find(String json) {
        int at = json.indexOf(MARK);
        if (at < 0) return null;
        int start = at + MARK.length();
        int bar = json.indexOf('|', start);
        if (bar < 0) return null;
        int end = bar + 1;
        while (end < json.length() && Character.isDigit(json.charAt(end))) end++;
        try {
            return new Stamp(Long.parseLong(json, start, bar, 10), Long.parseLong(json, bar + 1, end, 10));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
