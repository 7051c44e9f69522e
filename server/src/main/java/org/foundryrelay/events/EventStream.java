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

    final String accountId;
    final String clientId;
    final Channel channel;
    final Filter filter;
    private final ArrayBlockingQueue<Object> queue;
    private final Consumer<Event> sink;

    /** The frame that ends a stream (such as {@code event: disconnected}). */
    private record Final(byte[] frame) {}

    /** @param sink where a socket subscription's events go, or null for an SSE stream that {@link #pump}s */
    EventStream(String accountId, String clientId, Channel channel, Filter filter, Consumer<Event> sink) {
        this.accountId = accountId;
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
            } else if (item instanceof Final f) {
                out.write(f.frame());
                out.flush();
                return;
            } else {
                return; // overflow: the client could not keep up
            }
            if (queue.isEmpty()) out.flush();
        }
    }
}
