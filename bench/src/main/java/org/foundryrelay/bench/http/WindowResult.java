package org.foundryrelay.bench.http;

import java.util.SortedMap;
import org.foundryrelay.bench.stats.Summary;

/**
 * What one measured window saw.
 *
 * @param nanos       the window's actual length
 * @param completed   answers received in the window (any status)
 * @param statuses    count per HTTP status
 * @param ioErrors    connections that failed or closed with a request in flight, or unanswered at the end
 * @param sampleError the start of one non-2xx body, to say what went wrong (null when there was none)
 */
public record WindowResult(long nanos, long completed, Summary latency, SortedMap<Integer, Long> statuses,
                           long ioErrors, String sampleError) {
    public double perSecond() {
        return completed / (nanos / 1e9);
    }

    /** Non-2xx answers plus I/O errors: every one counts as an error. */
    public long errors() {
        long non2xx = statuses.entrySet().stream().filter(e -> e.getKey() / 100 != 2).mapToLong(e -> e.getValue()).sum();
        return non2xx + ioErrors;
    }
}
