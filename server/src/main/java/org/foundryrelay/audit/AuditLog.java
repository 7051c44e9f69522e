package org.foundryrelay.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.foundryrelay.store.ApiKeyRepository;
import org.foundryrelay.store.AuditRecord;
import org.foundryrelay.store.AuditRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The activity log: who changed what, through which key, on which world, when. Recording only queues the
 * entry (one non-blocking offer, no store access), so a relayed call never waits for the log; a timer writes
 * the queue in one transaction per batch. If the store falls far behind, entries beyond the queue's capacity
 * are dropped and counted rather than slowing requests down.
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int CAPACITY = 50_000;
    private static final int BATCH = 2_000;

    private final AuditRepository repo;
    private final ApiKeyRepository keys;
    private final Clock clock;
    private final Duration retention;
    private final ArrayBlockingQueue<AuditRecord> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Map<String, String> keyNames = new ConcurrentHashMap<>();
    private final String prefix = Long.toString(System.currentTimeMillis(), 36) + Long.toString(System.nanoTime() & 0xffff, 36);

    /** @param retention how long entries are kept ({@code AUDIT_RETENTION_DAYS}) */
    public AuditLog(AuditRepository repo, ApiKeyRepository keys, Clock clock, Duration retention) {
        this.repo = repo;
        this.keys = keys;
        this.clock = clock;
        this.retention = retention;
    }

    /** Who did something and to what; the fields that do not apply are null. */
    public record Who(String accountId, String actor, String keyId, String keyName) {
        public static Who session(String accountId) {
            return new Who(accountId, "session", null, null);
        }

        public static Who cli(String accountId) {
            return new Who(accountId, "cli", null, null);
        }
    }

    /** Records an account change (a key created, a world unpaired, a sign-in...). */
    public void record(Who who, String clientId, String action, String detail) {
        offer(new AuditRecord(nextId(), clock.millis(), who.accountId(), who.actor(), who.keyId(), who.keyName(),
                clientId, action, null, null, detail));
    }

    /**
     * Records a call forwarded to a world; the key's name is looked up when the batch is written.
     *
     * @param action the route, e.g. {@code POST /roll}, or the message type for other transports
     */
    public void forwarded(String accountId, String keyId, String clientId, String action, int status, long millis) {
        offer(new AuditRecord(nextId(), clock.millis(), accountId, "key", keyId, null, clientId, action, status,
                millis, null));
    }

    private void offer(AuditRecord r) {
        if (!queue.offer(r)) dropped.incrementAndGet();
    }

    // Zero-padded so that entries of one process written in the same millisecond sort in the order they happened.
    private String nextId() {
        var seq = Long.toString(sequence.incrementAndGet(), 36);
        return prefix + "-" + "0".repeat(Math.max(0, 10 - seq.length())) + seq;
    }

    /** Writes what is queued, in batches; called by a timer, and on shutdown. */
    public void flush() {
        var batch = new ArrayList<AuditRecord>(Math.min(BATCH, Math.max(1, queue.size())));
        while (queue.drainTo(batch, BATCH) > 0) {
            repo.insertAll(batch.stream().map(this::withKeyName).toList());
            batch.clear();
        }
        long lost = dropped.getAndSet(0);
        if (lost > 0) LOG.warn("activity log fell behind: {} entries dropped", lost);
    }

    private AuditRecord withKeyName(AuditRecord r) {
        if (r.keyId() == null) return r;
        var name = r.keyName();
        if (name != null) {
            keyNames.put(r.keyId(), name);
            return r;
        }
        name = keyNames.computeIfAbsent(r.keyId(), id -> keys.findById(id).map(k -> k.name()).orElse(null));
        return new AuditRecord(r.id(), r.at(), r.accountId(), r.actor(), r.keyId(), name, r.clientId(), r.action(),
                r.status(), r.ms(), r.detail());
    }

    /** Entries of one account, newest first; queued entries are written first so a reader sees its own changes. */
    public List<AuditRecord> find(AuditRepository.Query query) {
        flush();
        return repo.find(query);
    }

    /** Removes entries older than the retention period; returns how many. */
    public int prune() {
        return repo.deleteOlderThan(clock.millis() - retention.toMillis());
    }

    /** Forgets every entry of an account (it is being deleted). */
    public void forgetAccount(String accountId) {
        flush();
        repo.deleteAccount(accountId);
    }
}
