package org.foundryrelay.foundry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.foundryrelay.json.Json;

/**
 * The request path: a call goes out on the world's socket with a fresh requestId and waits for the answer,
 * which always arrives as a {@link Reply}: the world's, or the relay's own when the world cannot take the
 * call, goes away first or takes too long. Draining for a restart refuses new calls and lets those in
 * flight finish.
 */
final class WorldRequests {
    private final PendingRequests pending;
    private final AtomicLong queueDrops = new AtomicLong();
    private volatile boolean draining;

    WorldRequests(PendingRequests pending) {
        this.pending = pending;
    }

    /** See {@link WorldHub#request}. */
    CompletableFuture<Reply> request(WorldSocket world, String type, ObjectNode payload, long timeoutMillis) {
        if (draining) return restarting();
        var requestId = stamp(type, payload);
        var reply = pending.await(requestId, world, timeoutMillis);
        offer(world, requestId, Json.write(payload));
        return reply;
    }

    /** See {@link WorldHub#requestJson}. */
    CompletableFuture<Reply> requestJson(WorldSocket world, String type, String payload, long timeoutMillis) {
        if (draining) return restarting();
        var requestId = pending.newId(type);
        int end = payload.lastIndexOf('}');
        if (!payload.startsWith("{") || end < 0) throw new IllegalArgumentException("payload is not a JSON object");
        int first = 1;
        while (first < end && Character.isWhitespace(payload.charAt(first))) first++;
        boolean empty = first == end;
        var text = payload.substring(0, end) + (empty ? "" : ",") + "\"requestId\":" + Json.write(requestId) + "}";
        var reply = pending.await(requestId, world, timeoutMillis);
        offer(world, requestId, text);
        return reply;
    }

    private void offer(WorldSocket world, String requestId, String text) {
        if (!world.offer(text)) {
            queueDrops.incrementAndGet();
            pending.fail(requestId, world.isOpen()
                    ? new Reply(503, Json.write(Json.error("Foundry world is busy: its send queue is full, try again shortly")
                            .put("clientId", world.clientId())))
                    : worldGone(world.clientId()));
        }
    }

    /** See {@link WorldHub#requestStreamed}. */
    CompletableFuture<Reply> requestStreamed(WorldSocket world, String type, ObjectNode payload, String field,
                                             WorldHub.FieldWriter writer, long timeoutMillis) {
        if (draining) return restarting();
        var requestId = stamp(type, payload);
        payload.remove(field);
        var head = Json.write(payload);
        var prefix = head.substring(0, head.length() - 1) + "," + Json.write(field) + ":\"";
        var reply = pending.await(requestId, world, timeoutMillis);
        try {
            world.stream(out -> {
                out.send(prefix, false);
                writer.write(text -> out.send(text, false));
                out.send("\"}", true);
            }, timeoutMillis);
        } catch (IOException e) {
            pending.fail(requestId, world.isOpen()
                    ? new Reply(503, Json.write(Json.error("Foundry world is busy: try again shortly").put("clientId", world.clientId())))
                    : worldGone(world.clientId()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.fail(requestId, PendingRequests.STOPPING);
        }
        return reply;
    }

    /** Gives the call its {@code type} and a fresh {@code requestId}; returns the id. */
    private String stamp(String type, ObjectNode payload) {
        var requestId = pending.newId(type);
        payload.put("type", type);
        payload.put("requestId", requestId);
        return requestId;
    }

    private static CompletableFuture<Reply> restarting() {
        return CompletableFuture.completedFuture(new Reply(503, Json.write(Json.error("Relay is restarting, try again shortly"))));
    }

    /** Ends at once every call still waiting on a world whose socket closed. */
    void worldClosed(WorldSocket world) {
        pending.failWorld(world, worldGone(world.clientId()));
    }

    /** Refuses new calls from now on and waits up to {@code graceMillis} for those in flight. */
    void drain(long graceMillis) {
        draining = true;
        long deadline = System.nanoTime() + graceMillis * 1_000_000L;
        while (pending.size() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    long queueDrops() {
        return queueDrops.get();
    }

    int pendingCount() {
        return pending.size();
    }

    private static Reply worldGone(String clientId) {
        return new Reply(502, Json.write(Json.error("Foundry world disconnected before answering")
                .put("clientId", clientId)));
    }
}
