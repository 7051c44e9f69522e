package org.foundryrelay.bench.worlds;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.foundryrelay.bench.sse.Stamp;
import org.foundryrelay.sim.protocol.ConnectionOptions;
import org.foundryrelay.sim.protocol.ConnectionStatus;
import org.foundryrelay.sim.protocol.ModuleConnection;
import org.foundryrelay.sim.protocol.SimNetwork;
import org.foundryrelay.sim.world.Fixture;
import org.foundryrelay.sim.world.World;

/**
 * The simulated worlds of a benchmark, in a process of their own so the CPU and memory they use are
 * told apart from the relay's and the load generator's. Connects one world per {@code clientId token}
 * line with a bounded number of handshakes in flight, reports progress on stdout as lines the parent
 * reads, and takes commands on stdin:
 *
 * <pre>
 * stdout: progress CONNECTED FAILED_ATTEMPTS MILLIS | ready CONNECTED FAILED_ATTEMPTS MILLIS
 *         | status CONNECTED DROPPED ONLINE_NOW FAILED_ATTEMPTS | chatted COUNT
 *         | up WORLD_INDEX   (a world that had dropped is connected again)
 * stdin:  chat WORLD_INDEX COUNT GAP_MILLIS FIRST_SEQ   (chat rolls stamped for fan-out timing)
 *         status | quit
 * </pre>
 */
public final class WorldsMain {
    private final List<ModuleConnection> connections = new ArrayList<>();
    private final List<World> worlds = new ArrayList<>();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger failedAttempts = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger onlineNow = new AtomicInteger();
    private final PrintStream out = System.out;

    private WorldsMain() {}

    public static void main(String[] args) throws Exception {
        var opts = Options.parse(args);
        var main = new WorldsMain();
        try (var network = new SimNetwork(opts.callbackThreads())) {
            main.connectAll(network, opts);
            main.serve();
        }
        System.exit(0);
    }

    record Options(String relay, Path credentials, int concurrency, int callbackThreads, Duration timeout) {
        static Options parse(String[] args) {
            String relay = null;
            Path credentials = null;
            int concurrency = 128;
            int threads = 2;
            int timeoutSeconds = 300;
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--relay" -> relay = args[i + 1];
                    case "--credentials" -> credentials = Path.of(args[i + 1]);
                    case "--connect-concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                    case "--callback-threads" -> threads = Integer.parseInt(args[i + 1]);
                    case "--timeout-seconds" -> timeoutSeconds = Integer.parseInt(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (relay == null || credentials == null) throw new IllegalArgumentException("--relay and --credentials are required");
            return new Options(relay, credentials, concurrency, threads, Duration.ofSeconds(timeoutSeconds));
        }
    }

    private void connectAll(SimNetwork network, Options opts) throws IOException, InterruptedException {
        var lines = Files.readAllLines(opts.credentials()).stream().filter(l -> !l.isBlank()).toList();
        var fixture = Fixture.bundled();
        var handshakes = new Semaphore(opts.concurrency());
        long start = System.nanoTime();
        long deadline = start + opts.timeout().toNanos();
        var reporter = Thread.ofPlatform().daemon().start(() -> report(start, lines.size()));
        for (int i = 0; i < lines.size() && System.nanoTime() < deadline; i++) {
            var parts = lines.get(i).trim().split("\\s+");
            var world = World.builder(fixture).worldId("bench-world-" + i).worldTitle("Bench world " + i).build();
            var connection = new ModuleConnection(network, opts.relay(), parts[0], parts[1], world, ConnectionOptions.DEFAULTS);
            connection.addStatusListener(new Tracker(i, handshakes));
            worlds.add(world);
            connections.add(connection);
            if (!handshakes.tryAcquire(30, TimeUnit.SECONDS)) break;
            connection.start();
        }
        for (int tick = 1; connected.get() < lines.size() && System.nanoTime() < deadline; tick++) {
            Thread.sleep(10);
            if (tick % 100 == 0 && settled()) break; // the rest stopped for good
        }
        reporter.interrupt();
        synchronized (out) {
            out.println("ready " + connected.get() + " " + failedAttempts.get() + " " + (System.nanoTime() - start) / 1_000_000);
            out.flush();
        }
    }

    // Every world either connected or is waiting to retry after a failure.
    private boolean settled() {
        return connections.stream().allMatch(c -> {
            var s = c.status();
            return s instanceof ConnectionStatus.Connected || s instanceof ConnectionStatus.Stopped;
        });
    }

    private void report(long start, int total) {
        try {
            while (connected.get() < total) {
                Thread.sleep(1_000);
                out.println("progress " + connected.get() + " " + failedAttempts.get() + " "
                        + (System.nanoTime() - start) / 1_000_000);
                out.flush();
            }
        } catch (InterruptedException e) {
            // done
        }
    }

    /**
     * Counts first connects, failed attempts, drops and reconnects (announced as {@code up} lines); frees a
     * handshake slot once the first try ends.
     */
    private final class Tracker implements java.util.function.Consumer<ConnectionStatus> {
        private final int index;
        private final Semaphore handshakes;
        private final AtomicBoolean slotHeld = new AtomicBoolean(true);
        private boolean wasConnected;
        private boolean online;

        Tracker(int index, Semaphore handshakes) {
            this.index = index;
            this.handshakes = handshakes;
        }

        @Override
        public void accept(ConnectionStatus status) {
            switch (status) {
                case ConnectionStatus.Connected c -> {
                    if (!wasConnected) {
                        connected.incrementAndGet();
                    } else {
                        synchronized (out) {
                            out.println("up " + index);
                            out.flush();
                        }
                    }
                    wasConnected = true;
                    setOnline(true);
                    release();
                }
                case ConnectionStatus.Waiting w -> {
                    if (online) dropped.incrementAndGet();
                    else failedAttempts.incrementAndGet();
                    setOnline(false);
                    release();
                }
                case ConnectionStatus.Stopped s -> {
                    if (s.reason() != ConnectionStatus.StopReason.CLOSED) {
                        if (online) dropped.incrementAndGet();
                        else failedAttempts.incrementAndGet();
                    }
                    setOnline(false);
                    release();
                }
                default -> { }
            }
        }

        private void setOnline(boolean now) {
            if (now != online) onlineNow.addAndGet(now ? 1 : -1);
            online = now;
        }

        private void release() {
            if (slotHeld.compareAndSet(true, false)) handshakes.release();
        }
    }

    private void serve() throws IOException, InterruptedException {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            var words = line.trim().split("\\s+");
            switch (words[0]) {
                case "chat" -> chat(Integer.parseInt(words[1]), Integer.parseInt(words[2]), Long.parseLong(words[3]),
                        Long.parseLong(words[4]));
                case "status" -> out.println("status " + connected.get() + " " + dropped.get() + " " + onlineNow.get() + " "
                        + failedAttempts.get());
                case "quit" -> {
                    connections.forEach(ModuleConnection::close);
                    out.println("bye");
                    out.flush();
                    return;
                }
                default -> out.println("error unknown command " + words[0]);
            }
            out.flush();
        }
        connections.forEach(ModuleConnection::close); // the parent went away
    }

    // Rolls typed into chat by the GM; the flavor carries the moment the module's hook fires.
    private void chat(int index, int count, long gapMillis, long firstSeq) throws InterruptedException {
        var world = worlds.get(index);
        var gm = world.fixture().gm().name();
        for (long seq = firstSeq; seq < firstSeq + count; seq++) {
            world.chatRoll(gm, "1d20", new Stamp(seq, Stamp.nowMicros()).flavor());
            if (gapMillis > 0) Thread.sleep(gapMillis);
        }
        out.println("chatted " + count);
    }
}
