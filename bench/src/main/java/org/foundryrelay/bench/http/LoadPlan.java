package org.foundryrelay.bench.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * One closed-loop load run: {@code concurrency} keep-alive connections, each sending its next request as
 * soon as the previous answer is in. After {@code warmup}, {@code windows} consecutive windows of
 * {@code window} each are measured separately (repeats without re-warming); then sending stops and
 * answers still in flight get up to {@code drain}.
 *
 * @param requests ready request bytes, used in turn (one per world, so load spreads over the worlds)
 */
public record LoadPlan(InetSocketAddress server, List<byte[]> requests, int concurrency, Duration warmup,
                       Duration window, int windows, Duration drain) {
    public LoadPlan {
        if (!server.getAddress().isLoopbackAddress()) throw new IllegalArgumentException("load only loopback addresses");
        if (requests.isEmpty()) throw new IllegalArgumentException("no requests");
        if (concurrency < 1 || concurrency > 4096) throw new IllegalArgumentException("concurrency out of range");
        if (windows < 1 || windows > 100) throw new IllegalArgumentException("windows out of range");
        requests = List.copyOf(requests);
    }

    /** Total time the run may take, drain included: every run is bounded. */
    public Duration bound() {
        return warmup.plus(window.multipliedBy(windows)).plus(drain);
    }
}
