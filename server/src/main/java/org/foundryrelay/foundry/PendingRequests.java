package org.foundryrelay.foundry;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.foundryrelay.json.Json;

/**
 * Requests waiting for a world's answer, keyed by requestId. Ids carry a process-wide sequence number, so
 * they never collide however many requests share a millisecond. Every entry leaves the map when it
 * completes: by the answer, by its timeout, or when its world goes away.
 */
final class PendingRequests {
    private final ConcurrentHashMap<String, Waiter> waiters = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final java.time.Clock clock;

    PendingRequests(java.time.Clock clock) {
        this.clock = clock;
    }
    private final String timeoutBody = Json.write(Json.error("Request timed out"));

    private record Waiter(WorldSocket world, CompletableFuture<Reply> reply) {}

    String newId(String type) {
        return type + "_" + clock.millis() + "_" + sequence.incrementAndGet();
    }

    /** Starts waiting; the future completes with the world's reply or a relay error reply, never exceptionally. */
    CompletableFuture<Reply> await(String requestId, WorldSocket world, long timeoutMillis) {
        var future = new CompletableFuture<Reply>();
        waiters.put(requestId, new Waiter(world, future));
        world.pendingIds().add(requestId);
        future.completeOnTimeout(new Reply(408, timeoutBody), timeoutMillis, TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> {
                    waiters.remove(requestId);
                    world.pendingIds().remove(requestId);
                });
        return future;
    }

    /** Completes a request with its answer; ignored unless {@code from} is the world it was sent to. */
    boolean complete(String requestId, WorldSocket from, Reply reply) {
        var waiter = waiters.get(requestId);
        if (waiter == null || waiter.world != from) return false;
        return waiter.reply.complete(reply);
    }

    /** Fails a request at once with the given reply (the request could not even be sent). */
    void fail(String requestId, Reply reply) {
        var waiter = waiters.get(requestId);
        if (waiter != null) waiter.reply.complete(reply);
    }

    /** Ends every request still waiting on a world that went away. */
    void failWorld(WorldSocket world, Reply reply) {
        for (var id : world.pendingIds().toArray(String[]::new)) fail(id, reply);
    }

    int size() {
        return waiters.size();
    }
}
