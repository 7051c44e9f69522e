package org.foundryrelay.bench.stats;

import java.util.Arrays;

/**
 * Every latency sample of a run, in nanoseconds. Exact percentiles need all samples, and a run of a few
 * hundred thousand requests is a few megabytes, so nothing is bucketed. Not thread-safe: each loop thread
 * records its own and they are merged afterwards.
 */
public final class Latencies {
    private long[] samples;
    private int size;

    public Latencies() {
        this(1024);
    }

    public Latencies(int expected) {
        samples = new long[Math.max(16, expected)];
    }

    public void add(long nanos) {
        if (size == samples.length) samples = Arrays.copyOf(samples, size * 2);
        samples[size++] = nanos;
    }

    public void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) add(other.samples[i]);
    }

    public int count() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    /** Percentiles by nearest rank over a sorted copy; the recorder stays usable. */
    public Summary summarize() {
        var sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        return Summary.ofSorted(sorted);
    }
}
