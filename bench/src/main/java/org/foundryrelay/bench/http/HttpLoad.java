package org.foundryrelay.bench.http;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.foundryrelay.bench.stats.Latencies;

/**
 * A closed-loop HTTP/1.1 load generator on one selector thread (the wrk model): every connection is
 * non-blocking, requests are pre-built bytes, and each answer costs one read and the next request one
 * write. This keeps the generator's own CPU per request far below the relay's, so on a shared 2-core
 * machine it is not what limits the figures.
 */
public final class HttpLoad {
    /** Told when each measured window starts and ends, on the loop thread, e.g. to sample CPU counters. */
    public interface WindowHook {
        void started(int window);

        void ended(int window);
    }

    private final LoadPlan plan;
    private final WindowHook hook;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final List<Conn> conns = new ArrayList<>();
    private final List<WindowResult> results = new ArrayList<>();
    private Selector selector;
    private int next;
    private int inFlight;
    private boolean sending = true;
    // the window being measured; -1 during warm-up
    private int window = -1;
    private long windowStart;
    private Latencies latencies = new Latencies(64 * 1024);
    private TreeMap<Integer, Long> statuses = new TreeMap<>();
    private long ioErrors;
    private String sampleError;

    private HttpLoad(LoadPlan plan, WindowHook hook) {
        this.plan = plan;
        this.hook = hook;
    }

    /** Runs the plan on the calling thread; one result per measured window. */
    public static List<WindowResult> run(LoadPlan plan, WindowHook hook) throws IOException {
        var load = new HttpLoad(plan, hook);
        try (var selector = Selector.open()) {
            load.selector = selector;
            return load.loop();
        } finally {
            load.conns.forEach(Conn::close);
        }
    }

    private List<WindowResult> loop() throws IOException {
        for (int i = 0; i < plan.concurrency(); i++) conns.add(open());
        long start = System.nanoTime();
        long measureStart = start + plan.warmup().toNanos();
        long windowNanos = plan.window().toNanos();
        long sendEnd = measureStart + windowNanos * plan.windows();
        long hardEnd = sendEnd + plan.drain().toNanos();
        for (var c : conns) send(c, start);
        while (true) {
            long now = System.nanoTime();
            while (window + 1 < plan.windows() && now >= measureStart + windowNanos * (window + 1)) {
                if (window >= 0) finishWindow(now);
                window++;
                windowStart = now;
                hook.started(window);
            }
            if (sending && now >= sendEnd) {
                sending = false;
            }
            if ((!sending && inFlight == 0) || now >= hardEnd) {
                ioErrors += inFlight; // unanswered at the end
                finishWindow(now);
                return results;
            }
            long untilBoundary = sending ? Math.min(sendEnd, measureStart + windowNanos * (window + 1)) - now : hardEnd - now;
            selector.select(Math.clamp(untilBoundary / 1_000_000, 1, 5));
            var keys = selector.selectedKeys();
            for (var key : keys) handle(key);
            keys.clear();
        }
    }

    private void finishWindow(long now) {
        if (window < 0) return;
        hook.ended(window);
        results.add(new WindowResult(now - windowStart, latencies.count(), latencies.summarize(), statuses, ioErrors,
                sampleError));
        latencies = new Latencies(Math.max(1024, latencies.count()));
        statuses = new TreeMap<>();
        ioErrors = 0;
        sampleError = null;
    }

    private Conn open() throws IOException {
        var ch = SocketChannel.open(plan.server());
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.configureBlocking(false);
        var c = new Conn(ch);
        c.key = ch.register(selector, 0, c);
        return c;
    }

    private void send(Conn c, long now) {
        c.out.clear();
        c.out.put(plan.requests().get(next));
        c.out.flip();
        next = (next + 1) % plan.requests().size();
        c.parser.reset();
        c.errorBody.setLength(0);
        c.sentAt = now;
        c.busy = true;
        inFlight++;
        write(c);
    }

    private void write(Conn c) {
        try {
            c.ch.write(c.out);
            c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        } catch (IOException e) {
            failed(c);
        }
    }

    private void handle(SelectionKey key) {
        var c = (Conn) key.attachment();
        if (!key.isValid()) return;
        if (key.isWritable()) {
            write(c);
            return;
        }
        if (!key.isReadable()) return;
        try {
            readBuffer.clear();
            int n = c.ch.read(readBuffer);
            if (n < 0) {
                failed(c);
                return;
            }
            readBuffer.flip();
            if (!c.parser.feed(readBuffer)) return;
        } catch (IOException | HttpParseException e) {
            failed(c);
            return;
        }
        long now = System.nanoTime();
        c.busy = false;
        inFlight--;
        if (window >= 0) {
            latencies.add(now - c.sentAt);
            statuses.merge(c.parser.status(), 1L, Long::sum);
            if (c.parser.status() / 100 != 2 && sampleError == null) {
                sampleError = c.parser.status() + " " + c.errorBody;
            }
        }
        if (c.parser.closes()) {
            reconnect(c);
            return;
        }
        if (sending) send(c, now);
        else c.key.interestOps(0);
    }

    // A connection that broke with a request in flight: count it, then carry on with a fresh one.
    private void failed(Conn c) {
        if (c.busy) {
            inFlight--;
            if (window >= 0) ioErrors++;
        }
        c.busy = false;
        reconnect(c);
    }

    private void reconnect(Conn c) {
        c.close();
        int index = conns.indexOf(c);
        try {
            var fresh = open();
            conns.set(index, fresh);
            if (sending) send(fresh, System.nanoTime());
        } catch (IOException e) {
            conns.remove(index); // the server refuses connections: the loop carries on with fewer
            if (window >= 0) ioErrors++;
        }
    }

    private static final class Conn {
        final SocketChannel ch;
        final ByteBuffer out = ByteBuffer.allocate(8 * 1024);
        final StringBuilder errorBody = new StringBuilder();
        final ResponseParser parser;
        SelectionKey key;
        long sentAt;
        boolean busy;

        Conn(SocketChannel ch) {
            this.ch = ch;
            this.parser = new ResponseParser((bytes, off, len) -> {
                if (errorBody.length() < 200 && currentStatusIsError()) {
                    errorBody.append(new String(bytes, off, Math.min(len, 200 - errorBody.length()), StandardCharsets.UTF_8));
                }
            });
        }

        private boolean currentStatusIsError() {
            return parser.status() / 100 != 2;
        }

        void close() {
            try {
                ch.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
