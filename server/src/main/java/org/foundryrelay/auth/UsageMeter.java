package org.foundryrelay.auth;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.foundryrelay.store.ApiKeyRecord;
import org.foundryrelay.store.ApiKeyRepository;

/**
 * Counts requests per key and calendar month (UTC). Counts gather in memory and are written in batches by
 * {@link #flush()}, so the hot path never writes to the store; a pending count is only taken off after it
 * has been stored, so a limit can briefly over-count but never under-count.
 */
public final class UsageMeter {
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    private final ApiKeyRepository keys;
    private final Clock clock;
    private final ConcurrentHashMap<String, AtomicLong> pending = new ConcurrentHashMap<>();

    public UsageMeter(ApiKeyRepository keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** Counts one request for the key; false (and nothing counted) when its monthly limit is reached. */
    boolean tryCount(ApiKeyRecord key) {
        var counter = pending.computeIfAbsent(key.id(), id -> new AtomicLong());
        var month = currentMonth();
        long stored = month.equals(key.usageMonth()) ? key.requestsThisMonth() : 0;
        if (key.monthlyLimit() == null) {
            counter.incrementAndGet();
            return true;
        }
        while (true) {
            long now = counter.get();
            if (stored + now >= key.monthlyLimit()) return false;
            if (counter.compareAndSet(now, now + 1)) return true;
        }
    }

    /** Writes the gathered counts to the store. */
    public void flush() {
        var month = currentMonth();
        long now = clock.millis();
        for (var entry : pending.entrySet()) {
            long count = entry.getValue().get();
            if (count == 0) continue;
            keys.addUsage(entry.getKey(), month, count, now);
            entry.getValue().addAndGet(-count);
        }
    }

    private String currentMonth() {
        return MONTH.format(clock.instant());
    }
}
