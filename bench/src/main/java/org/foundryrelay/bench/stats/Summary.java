package org.foundryrelay.bench.stats;

/**
 * Latency percentiles of one run, in nanoseconds (nearest rank: the p-th percentile is the smallest
 * sample at least p% of all samples are less than or equal to).
 */
public record Summary(int count, long p50, long p90, long p99, long max) {
    public static final Summary EMPTY = new Summary(0, 0, 0, 0, 0);

    /** Summarises samples already sorted in ascending order. */
    public static Summary ofSorted(long[] sorted) {
        if (sorted.length == 0) return EMPTY;
        return new Summary(sorted.length, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99), sorted[sorted.length - 1]);
    }

    /** The nearest-rank percentile of sorted samples. */
    public static long rank(long[] sorted, double percent) {
        if (sorted.length == 0) throw new IllegalArgumentException("no samples");
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }
}
