package org.foundryrelay.cluster;

import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.auth.RateLimiter;

/**
 * Per-caller allowances kept in Redis, so a key gets one allowance from the whole cluster rather than one per
 * relay. The same smoothly refilled bucket as {@link RateLimiter}'s, run inside Redis on Redis's clock.
 */
final class SharedLimits implements RateLimiter.Shared {
    /** KEYS[1] bucket; ARGV capacity, period ms. Returns {allowed, remaining, wait ms until one more, ms until full}. */
    private static final Script TAKE = Script.of("""
            local cap = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(b[1]) or cap
            local at = tonumber(b[2]) or now
            tokens = math.min(cap, tokens + (now - at) * cap / period)
            local allowed = 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], period)
            local wait = 0
            if allowed == 0 then wait = math.ceil((1 - tokens) * period / cap) end
            return {allowed, math.floor(tokens), wait, math.ceil((cap - tokens) * period / cap)}""");

    private final Cluster cluster;

    SharedLimits(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public RateLimiter.Decision acquire(String name, String caller, int limit, Duration period) {
        if (!cluster.reachable()) throw new IllegalStateException("Redis unreachable");
        try {
            List<Long> r = TAKE.<List<Long>>run(cluster.commands(), ScriptOutputType.MULTI,
                    new String[] {Cluster.PREFIX + "limit:" + name + ":" + caller},
                    Integer.toString(limit), Long.toString(period.toMillis())).get(1, TimeUnit.SECONDS);
            boolean allowed = r.get(0) == 1;
            long seconds = ((allowed ? r.get(3) : r.get(2)) + 999) / 1000;
            return new RateLimiter.Decision(allowed, limit, (int) Math.min(limit, r.get(1)),
                    allowed ? seconds : Math.max(1, seconds));
        } catch (Exception e) {
            cluster.failed(e);
            throw new IllegalStateException("Redis unreachable", e);
        }
    }
}
