package org.foundryrelay.routes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.foundryrelay.foundry.Reply;

/**
 * Answers a repeated call that carries the same {@code Idempotency-Key} (per API key, for 24 hours) with
 * the first call's answer instead of running it in the world again. A call that timed out or lost its
 * world may still have run there, so those answers are kept too; only a call that never left the relay
 * (503) may run again. A repeat that arrives while the first is still waiting shares its answer. Memory
 * is bounded by entry count and by the bytes of the kept answers; the oldest go first.
 */
public final class IdempotentCalls {
    /** How long an answer is kept. */
    public static final Duration RETENTION = Duration.ofHours(24);
    private static final int MAX_ENTRIES = 10_000;
    private static final long MAX_BYTES = 64L * 1024 * 1024;

    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private long bytes;

    private record Entry(String fingerprint, CompletableFuture<Reply> reply, long storedAt, long[] size) {}

    /** The outcome: the answer, and whether it was replayed from an earlier call. */
    public record Outcome(Reply reply, boolean replayed) {}

    /** The same key was used before for a different call. */
    public static final class Mismatch extends RuntimeException {
        Mismatch() {
            super("Idempotency-Key was already used for a different request", null, false, false);
        }
    }

    public IdempotentCalls(Clock clock) {
        this.clock = clock;
    }

    /**
     * Runs {@code call} once per {@code (apiKeyId, idempotencyKey)}; a repeat of the same request gets the
     * first answer.
     *
     * @param request what identifies the call (method, path, world, body): a repeat must match it
     * @throws Mismatch when the key was used for another request
     */
    public Outcome run(String apiKeyId, String idempotencyKey, String request, Supplier<CompletableFuture<Reply>> call) {
        var id = apiKeyId + '\n' + idempotencyKey;
        var fingerprint = sha256(request);
        CompletableFuture<Reply> mine;
        synchronized (this) {
            expire();
            var known = entries.get(id);
            if (known != null) {
                if (!known.fingerprint().equals(fingerprint)) throw new Mismatch();
                return new Outcome(known.reply().join(), true);
            }
            mine = new CompletableFuture<>();
            entries.put(id, new Entry(fingerprint, mine, clock.millis(), new long[1]));
        }
        Reply reply;
        try {
            reply = call.get().join();
        } catch (RuntimeException e) {
            forget(id);
            mine.completeExceptionally(e);
            throw e;
        }
        mine.complete(reply);
        if (reply.status() == 503) forget(id); // never reached the world: a retry may run it
        else account(id, reply);
        return new Outcome(reply, false);
    }

    private synchronized void forget(String id) {
        var gone = entries.remove(id);
        if (gone != null) bytes -= gone.size()[0];
    }

    private synchronized void account(String id, Reply reply) {
        var entry = entries.get(id);
        if (entry == null) return;
        entry.size()[0] = reply.body().length() * 2L + 256;
        bytes += entry.size()[0];
        var it = entries.values().iterator();
        while ((bytes > MAX_BYTES || entries.size() > MAX_ENTRIES) && it.hasNext()) {
            var oldest = it.next();
            if (!oldest.reply().isDone()) continue;
            bytes -= oldest.size()[0];
            it.remove();
        }
    }

    private void expire() {
        long cutoff = clock.millis() - RETENTION.toMillis();
        var it = entries.values().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (e.storedAt() >= cutoff) break; // insertion order is time order
            if (!e.reply().isDone()) continue;
            bytes -= e.size()[0];
            it.remove();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
