package org.foundryrelay.bench.sse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.foundryrelay.bench.http.HttpParseException;
import org.foundryrelay.bench.http.ResponseParser;
import org.foundryrelay.bench.stats.Latencies;

/**
 * Many SSE subscribers on one selector thread. Each roll event carries a {@link Stamp}; for every event the
 * subscribers note when it reached each of them, so the report can say how long an event took to reach
 * all of them (the last one) as well as a typical one.
 */
public final class Subscribers implements AutoCloseable {
    private final Selector selector;
    private final List<SocketChannel> channels = new ArrayList<>();
    private final Thread loop;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final Map<Long, Delivery> deliveries = new HashMap<>();
    private final Latencies each = new Latencies(1 << 16);
    private final TreeMap<Integer, Integer> statuses = new TreeMap<>();
    private int subscribed;
    private int failed;
    private long readMicros;
    private volatile boolean running = true;
    // events before this one warm the relay up and are left out of the figures
    private volatile long firstMeasured;

    /** How far one event got: how many subscribers have it, and when the last of them got it. */
    private static final class Delivery {
        final long emittedMicros;
        int count;
        long lastMicros;

        Delivery(long emittedMicros) {
            this.emittedMicros = emittedMicros;
        }
    }

    /** One event's fan-out: subscribers reached, and the latency to the last one of them. */
    public record EventDelivery(long seq, int reached, long lastLatencyMicros) {}

    private Subscribers(Selector selector) {
        this.selector = selector;
        this.loop = Thread.ofPlatform().name("sse-subscribers").daemon().unstarted(this::run);
    }

    /** Opens {@code count} streams with the same request and starts reading them. */
    public static Subscribers open(InetSocketAddress server, byte[] request, int count) throws IOException {
        if (!server.getAddress().isLoopbackAddress()) throw new IllegalArgumentException("loopback only");
        var s = new Subscribers(Selector.open());
        try {
            for (int i = 0; i < count; i++) s.connect(server, request);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        s.loop.start();
        return s;
    }

    private void connect(InetSocketAddress server, byte[] request) throws IOException {
        var ch = SocketChannel.open(server);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        var out = ByteBuffer.wrap(request);
        while (out.hasRemaining()) ch.write(out);
        ch.configureBlocking(false);
        channels.add(ch);
        var sub = new Sub();
        ch.register(selector, SelectionKey.OP_READ, sub);
    }

    /** One stream's parsers: HTTP framing, then SSE. */
    private final class Sub {
        final SseParser sse = new SseParser(this::event);
        final ResponseParser http = new ResponseParser((b, off, len) -> sse.feed(b, off, len));
        boolean counted;

        void event(String name, String data) {
            switch (name) {
                case "connected" -> {
                    if (!counted) {
                        counted = true;
                        subscribed++;
                    }
                }
                case "roll" -> {
                    var stamp = Stamp.find(data);
                    if (stamp == null) return;
                    var d = deliveries.computeIfAbsent(stamp.seq(), k -> new Delivery(stamp.emittedMicros()));
                    d.count++;
                    d.lastMicros = Math.max(d.lastMicros, readMicros);
                    if (stamp.seq() >= firstMeasured) each.add((readMicros - stamp.emittedMicros()) * 1_000);
                }
                default -> { }
            }
        }
    }

    private void run() {
        try {
            while (running) {
                selector.select(50);
                var keys = selector.selectedKeys();
                readMicros = Stamp.nowMicros();
                synchronized (this) {
                    for (var key : keys) read(key);
                }
                keys.clear();
            }
        } catch (IOException | RuntimeException e) {
            if (running) System.err.println("bench: SSE subscriber loop failed: " + e);
        }
    }

    private void read(SelectionKey key) {
        var sub = (Sub) key.attachment();
        var ch = (SocketChannel) key.channel();
        try {
            readBuffer.clear();
            int n = ch.read(readBuffer);
            if (n < 0) {
                dropped(key);
                return;
            }
            readBuffer.flip();
            boolean hadHeaders = sub.http.headersDone();
            sub.http.feed(readBuffer);
            if (!hadHeaders && sub.http.headersDone()) {
                statuses.merge(sub.http.status(), 1, Integer::sum);
                if (sub.http.status() != 200) dropped(key);
            }
        } catch (IOException | HttpParseException e) {
            dropped(key);
        }
    }

    private void dropped(SelectionKey key) {
        failed++;
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException e) {
            // already gone
        }
    }

    public synchronized int subscribed() {
        return subscribed;
    }

    public synchronized int failed() {
        return failed;
    }

    public synchronized Map<Integer, Integer> statuses() {
        return new TreeMap<>(statuses);
    }

    /** Leaves events numbered below {@code seq} (the warm-up) out of {@link #events} and {@link #deliveries}. */
    public void measureFrom(long seq) {
        firstMeasured = seq;
    }

    /** Waits until {@code n} streams said "connected" (or too many failed); false on timeout. */
    public boolean awaitSubscribed(int n, Duration timeout) throws InterruptedException {
        return await(() -> subscribed >= n || subscribed + failed >= channels.size(), timeout) && subscribed() >= n;
    }

    /** Waits until every one of the first {@code events} events reached {@code n} subscribers; false on timeout. */
    public boolean awaitDelivered(int events, int n, Duration timeout) throws InterruptedException {
        return await(() -> {
            for (long seq = 0; seq < events; seq++) {
                var d = deliveries.get(seq);
                if (d == null || d.count < n) return false;
            }
            return true;
        }, timeout);
    }

    private boolean await(java.util.function.BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (done.getAsBoolean()) return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Per measured event, in order of emission. */
    public synchronized List<EventDelivery> events() {
        return deliveries.entrySet().stream().filter(e -> e.getKey() >= firstMeasured).sorted(Map.Entry.comparingByKey())
                .map(e -> new EventDelivery(e.getKey(), e.getValue().count, e.getValue().lastMicros - e.getValue().emittedMicros))
                .toList();
    }

    /** Latency of every single delivery, in nanoseconds. */
    public synchronized Latencies deliveries() {
        var copy = new Latencies(each.count());
        copy.addAll(each);
        return copy;
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (var ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
