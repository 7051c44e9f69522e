package org.foundryrelay.auth;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-caller limit of N a period, one minute unless told otherwise (the caller is a key id, or a client
 * address for unauthenticated endpoints), as a token bucket that refills smoothly: a burst can never reach
 * twice the limit across a period's edge, as fixed windows allow. A limit of 0 turns the limiter off. Time
 * comes from the clock.
 */
public final class RateLimiter {
    private final int limit;
    private final Duration period;
    private final TimeMeter time;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile Shared shared;
    private volatile String sharedName;

    /** Allowances kept outside this process (a cluster's Redis), so several relays give a caller one allowance. */
    public interface Shared {
        /**
         * Takes one request from {@code caller}'s allowance in the limiter called {@code name}.
         *
         * @throws RuntimeException when the shared store cannot answer; this relay's own bucket decides then
         */
        Decision acquire(String name, String caller, int limit, Duration period);
    }

    /** Keeps the allowances in {@code shared} under {@code name}, falling back to this relay's buckets when it fails. */
    public RateLimiter sharedThrough(Shared shared, String name) {
        this.sharedName = name;
        this.shared = shared;
        return this;
    }

    public RateLimiter(int limit, Clock clock) {
        this(limit, 60_000, clock);
    }

    /** N per {@code periodMillis}, refilled smoothly over the period. */
    public RateLimiter(int limit, long periodMillis, Clock clock) {
        this.limit = limit;
        this.period = Duration.ofMillis(periodMillis);
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /**
     * The verdict for one request, with what the RateLimit-* headers report.
     *
     * @param resetSeconds when refused, the wait until the next request is allowed; otherwise the time until
     *                     the bucket is full again
     */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {}

    public boolean enabled() {
        return limit > 0;
    }

    /** Takes one request from the caller's allowance. */
    public Decision acquire(String caller) {
        if (limit <= 0) return new Decision(true, 0, 0, 0);
        var remote = shared;
        if (remote != null) {
            try {
                return remote.acquire(sharedName, caller, limit, period);
            } catch (RuntimeException e) {
                // the shared store is away: this relay's own allowance applies meanwhile
            }
        }
        var bucket = buckets.computeIfAbsent(caller, k -> Bucket.builder()
                .addLimit(l -> l.capacity(limit).refillGreedy(limit, period))
                .withCustomTimePrecision(time)
                .build());
        var probe = bucket.tryConsumeAndReturnRemaining(1);
        int remaining = (int) Math.min(limit, probe.getRemainingTokens());
        if (!probe.isConsumed()) {
            return new Decision(false, limit, 0, Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill())));
        }
        long refillAll = (limit - remaining) * period.toNanos() / limit;
        return new Decision(true, limit, remaining, ceilSeconds(refillAll));
    }

    /** Whether the caller has nothing left right now, without taking anything. */
    public boolean exhausted(String caller) {
        if (limit <= 0) return false;
        var bucket = buckets.get(caller);
        return bucket != null && bucket.getAvailableTokens() < 1;
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    /** Forgets callers whose allowance is full again, so idle callers do not accumulate. */
    public void sweep() {
        buckets.values().removeIf(b -> b.getAvailableTokens() >= limit);
    }
}
