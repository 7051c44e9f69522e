package org.foundryrelay.bench.report;

import java.util.Locale;

/** Number formats used across the report. */
public final class Fmt {
    private Fmt() {}

    public static String ms(long nanos) {
        return String.format(Locale.ROOT, nanos < 10_000_000 ? "%.2f" : "%.1f", nanos / 1e6);
    }

    public static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }

    public static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    public static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** {@code met} or {@code MISSED}, for target columns. */
    public static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }
}
