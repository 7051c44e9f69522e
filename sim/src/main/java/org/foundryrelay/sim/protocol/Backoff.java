package org.foundryrelay.sim.protocol;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The module's reconnect schedule: attempt {@code n} waits {@code min(max, base * 2^(n-1))}, and
 * there are at most {@code maxAttempts} attempts before it gives up.
 */
public record Backoff(Duration base, Duration max, int maxAttempts) {

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        if (base.isNegative() || max.isNegative()) throw new IllegalArgumentException("negative delay");
        if (maxAttempts < 0) throw new IllegalArgumentException("maxAttempts < 0");
    }

    /**
     * The wait before reconnect attempt {@code attempt} (1-based), or empty when that attempt is past
     * the limit.
     */
    public Optional<Duration> delayFor(int attempt) {
        if (attempt < 1) throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        if (attempt > maxAttempts) return Optional.empty();
        // Past 2^30 the product is far beyond any sane max anyway; capping the shift avoids overflow.
        long factor = 1L << Math.min(attempt - 1, 30);
        Duration raw;
        try {
            raw = base.multipliedBy(factor);
        } catch (ArithmeticException tooLong) {
            raw = max;
        }
        return Optional.of(raw.compareTo(max) > 0 ? max : raw);
    }
}
