package org.foundryrelay.auth;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed windows (one minute unless told otherwise) per caller (a key id, or a client address for unauthenticated endpoints).
 * A limit of 0 turns the limiter off.
 */
public final class RateLimiter {
    private final long windowMillis;
    private final int limit;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimiter(int limit, Clock clock) {
        this(limit, 60_000, clock);
    }

    public RateLimiter(int limit, long windowMillis, Clock clock) {
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.clock = clock;
    }

    /** Whether the caller has used up its window, without counting anything. */
    public boolean exhausted(String caller) {
        if (limit <= 0) return false;
        var w = windows.get(caller);
        return w != null && clock.millis() - w.start < windowMillis && w.used >= limit;
    }

    /** The verdict for one request, with what the RateLimit-* headers report. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {}

    private record Window(long start, int used) {}

    public boolean enabled() {
        return limit > 0;
    }

    public Decision acquire(String caller) {
        long now = clock.millis();
        if (limit <= 0) return new Decision(true, 0, 0, 0);
        var w = windows.compute(caller, (k, old) -> {
            if (old == null || now - old.start >= windowMillis) return new Window(now, 1);
            return new Window(old.start, Math.min(old.used + 1, limit + 1));
        });
        long reset = Math.max(1, (w.start + windowMillis - now + 999) / 1000);
        boolean allowed = w.used <= limit;
        return new Decision(allowed, limit, Math.max(0, limit - w.used), reset);
    }

    /** Drops windows that have ended, so idle callers do not accumulate. */
    public void sweep() {
        long now = clock.millis();
        windows.values().removeIf(w -> now - w.start >= windowMillis);
    }
}
