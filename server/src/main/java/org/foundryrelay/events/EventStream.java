package org.foundryrelay.events;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One subscriber on one world's channel. For an SSE stream, events are queued by the fan-out and written
 * by the subscriber's own (virtual) thread, so a slow client delays nobody else; one that falls a whole
 * queue behind is closed. A socket subscription instead hands each event to its sink, which must not
 * block (the client socket queues it), and outlives a disconnect of the world, as upstream's does.
 */
public final class EventStream {
    private static final byte[] KEEPALIVE = ": keepalive\n\n".getBytes(StandardCharsets.UTF_8);
    private static final Object OVERFLOW = new Object();
    private static final Object REPLACED = new Object();

    final String accountId;
    /** The API key that opened the stream: only a reconnect with the same key may take its slot. */
    final String keyId;
    /** The id of the last event written to the client (SSE); what its Last-Event-ID will say. */
    private volatile long lastSentId;
    final String clientId;
    final Channel channel;
    final Filter filter;
    private final ArrayBlockingQueue<Object> queue;
    private final Consumer<Event> sink;

    /** The frame that ends a stream (such as {@code event: disconnected}). */
    private record Final(byte[] frame) {}

    /** @param sink where a socket subscription's events go, or null for an SSE stream that {@link #pump}s */
    EventStream(String accountId, String keyId, String clientId, Channel channel, Filter filter, Consumer<Event> sink) {
        this.accountId = accountId;
        this.keyId = keyId;
        this.clientId = clientId;
        this.channel = channel;
        this.filter = filter;
        this.sink = sink;
        this.queue = sink == null ? new ArrayBlockingQueue<>(1024) : null;
    }

    /** Whether this is an SSE stream (which counts against the per-channel stream cap). */
    boolean pumped() {
        return sink == null;
    }

    /** Queues an event if the filter wants it; a full queue ends the stream rather than grow. */
    void offer(Event event) {
        if (event.channel() != channel || !filter.matches(event)) return;
        if (sink != null) {
            sink.accept(event);
            return;
        }
        if (!queue.offer(event)) {
            queue.clear();
            queue.offer(OVERFLOW);
        }
    }

    long lastSentId() {
        return lastSentId;
    }

    /** Ends an SSE stream whose client has reconnected on a new one (its connection is gone). */
    void replace() {
        if (sink != null) return;
        queue.clear();
        queue.offer(REPLACED);
    }

    /** Ends the stream after sending {@code frame}. */
    void finish(String eventName, String data) {
        if (sink != null) return;
        var frame = ("event: " + eventName + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
        queue.clear();
        queue.offer(new Final(frame));
    }

    /** Writes queued events until the stream ends or the client goes away. */
    void pump(OutputStream out, long keepaliveMillis) throws IOException, InterruptedException {
        while (true) {
            var item = queue.poll(keepaliveMillis, TimeUnit.MILLISECONDS);
            if (item == null) {
                out.write(KEEPALIVE);
            } else if (item instanceof Event e) {
                out.write(e.frame());
                lastSentId = e.id();
            } else if (item instanceof Final f) {
                out.write(f.frame());
                out.flush();
                return;
            } else {
                return; // overflow (the client could not keep up), or replaced by the client's reconnect
            }
            if (queue.isEmpty()) out.flush();
        }
    }
}
