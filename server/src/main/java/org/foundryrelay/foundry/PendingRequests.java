package org.foundryrelay.foundry;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
    private final ScheduledExecutorService timers;
    private final String timeoutBody = Json.write(Json.error("Request timed out"));
    /** The answer to a call the relay can no longer carry because it is stopping. */
    static final Reply STOPPING = new Reply(503, Json.write(Json.error("Relay is stopping")));

    /**
     * @param timers runs each request's timeout; it should drop cancelled tasks at once (see
     *               {@link java.util.concurrent.ScheduledThreadPoolExecutor#setRemoveOnCancelPolicy}), since
     *               nearly every request is answered long before its timeout and cancels it
     */
    PendingRequests(java.time.Clock clock, ScheduledExecutorService timers) {
        this.clock = clock;
        this.timers = timers;
    }

    private static final class Waiter {
        final WorldSocket world;
        final CompletableFuture<Reply> reply;
        /** Set just after the waiter is listed; an answer that comes first finds it null and leaves it to fire idly. */
        volatile ScheduledFuture<?> timeout;

        Waiter(WorldSocket world, CompletableFuture<Reply> reply) {
            this.world = world;
            this.reply = reply;
        }
    }

    String newId(String type) {
        return type + "_" + clock.millis() + "_" + sequence.incrementAndGet();
    }

    /**
     * Starts waiting; the future completes with the world's reply or a relay error reply, never exceptionally.
     * Every way it completes first forgets the request, so no one who saw the answer sees it still pending.
     */
    CompletableFuture<Reply> await(String requestId, WorldSocket world, long timeoutMillis) {
        var future = new CompletableFuture<Reply>();
        var waiter = new Waiter(world, future);
        waiters.put(requestId, waiter);
        world.pendingIds().add(requestId);
        // Cancelled when the answer comes, so timeouts do not pile up for their whole delay at thousands of calls
        // a second; one that fires hands the 408 to a virtual thread, as whoever waits may go on to block.
        try {
            waiter.timeout = timers.schedule(() -> Thread.startVirtualThread(() -> fail(requestId,
                    new Reply(408, timeoutBody))), timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            fail(requestId, STOPPING); // its timers are gone
        }
        return future;
    }

    /** Completes a request with its answer; ignored unless {@code from} is the world it was sent to. */
    boolean complete(String requestId, WorldSocket from, Reply reply) {
        var waiter = waiters.get(requestId);
        if (waiter == null || waiter.world != from) return false;
        return finish(requestId, waiter, reply);
    }

    /** Ends a request at once with the given reply (it could not be sent, timed out, or its world left). */
    void fail(String requestId, Reply reply) {
        var waiter = waiters.get(requestId);
        if (waiter != null) finish(requestId, waiter, reply);
    }

    private boolean finish(String requestId, Waiter waiter, Reply reply) {
        if (!waiters.remove(requestId, waiter)) return false; // another answer, a timeout or a failure came first
        waiter.world.pendingIds().remove(requestId);
        var timeout = waiter.timeout;
        if (timeout != null) timeout.cancel(false);
        return waiter.reply.complete(reply);
    }

    /** Ends every request still waiting on a world that went away. */
    void failWorld(WorldSocket world, Reply reply) {
        for (var id : world.pendingIds().toArray(String[]::new)) fail(id, reply);
    }

    int size() {
        return waiters.size();
    }
}
