package org.foundryrelay.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The minute limit as a token bucket: never a double burst across a minute's edge. */
class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    private int allowed(RateLimiter limiter, String caller, int tries) {
        int ok = 0;
        for (int i = 0; i < tries; i++) if (limiter.acquire(caller).allowed()) ok++;
        return ok;
    }

    @Test
    void aBurstAtTheEndOfAMinuteLeavesNoSecondBurstAfterIt() {
        var limiter = new RateLimiter(10, clock);
        now.addAndGet(59_000);
        assertThat(allowed(limiter, "k", 10)).isEqualTo(10);
        now.addAndGet(2_000); // a fixed window would have reset here and allowed 10 more
        assertThat(allowed(limiter, "k", 10)).isLessThanOrEqualTo(1);
        now.addAndGet(60_000);
        assertThat(allowed(limiter, "k", 20)).isEqualTo(10);
    }

    @Test
    void refusalsSayWhenTheNextRequestIsAllowedAndCallersAreSeparate() {
        var limiter = new RateLimiter(2, clock);
        assertThat(limiter.acquire("a").remaining()).isEqualTo(1);
        limiter.acquire("a");
        var refused = limiter.acquire("a");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.resetSeconds()).isEqualTo(30); // one request back every 30 s at 2 a minute
        assertThat(limiter.acquire("b").allowed()).isTrue();
        now.addAndGet(30_000);
        assertThat(limiter.acquire("a").allowed()).isTrue();
    }

    @Test
    void zeroIsOff() {
        var limiter = new RateLimiter(0, clock);
        assertThat(limiter.enabled()).isFalse();
        assertThat(allowed(limiter, "k", 1000)).isEqualTo(1000);
    }
}
