package org.foundryrelay.bench.suite;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.bench.http.BlockingHttp;
import org.foundryrelay.bench.http.HttpLoad;
import org.foundryrelay.bench.http.LoadPlan;
import org.foundryrelay.bench.http.Requests;
import org.foundryrelay.bench.http.WindowResult;
import org.foundryrelay.bench.proc.RelayProcess;
import org.foundryrelay.bench.proc.WorldsProcess;
import org.foundryrelay.bench.report.Fmt;
import org.foundryrelay.bench.report.Table;
import org.foundryrelay.bench.sse.Subscribers;
import org.foundryrelay.bench.stats.Spread;
import org.foundryrelay.bench.stats.Summary;

/**
 * The cost of the hop between relays: two relays sharing a PostgreSQL schema and a redis-server (both made for
 * the run), the worlds connected to the first. {@code POST /roll} sent to the first is direct; sent to the
 * second it goes over Redis to the first and back. Windows of the two alternate, so both see the same machine;
 * the relay CPU per call is the sum of both relays' CPU from /proc in each window. Then SSE subscribers on the
 * second relay follow a world on the first.
 */
final class ClusterBench {
    private static final double TARGET_RATIO = 1.5;
    /**
     * The local PostgreSQL (trust authentication, database {@code test}), where each run makes a schema of its own;
     * {@code BENCH_PG=host:port} names another (a private one, when the shared one runs out of connections).
     */
    private static final String PG = System.getenv().getOrDefault("BENCH_PG", "127.0.0.1:5432");
    private static final String PG_URL = "jdbc:postgresql://" + PG + "/test";
    private static final String PG_USER = "postgres";

    private record Route(String name, List<byte[]> requests, int port) {}

    private ClusterBench() {}

    static Section run(BenchEnv env) throws Exception {
        var hop = hop(env, true);
        StormBench.Result storm;
        try {
            storm = StormBench.run(env);
        } catch (Exception e) { // the hop's figures still stand
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            env.say("storm failed: %s", e);
            storm = new StormBench.Result("Reconnect storm failed: `" + e + "`\n", false);
        }
        return new Section(hop.title(), hop.markdown() + "\n" + storm.markdown(), hop.targetsMet() && storm.met());
    }

    /** Only the reconnect storm ({@code --only storm}). */
    static Section storm(BenchEnv env) throws Exception {
        var storm = StormBench.run(env);
        return new Section("Reconnect storm (cluster)", storm.markdown(), storm.met());
    }

    /** Only the calls through a second relay against direct ones ({@code --only hop}): no fan-out, uploads or storm. */
    static Section hopOnly(BenchEnv env) throws Exception {
        return hop(env, false);
    }

    private static Section hop(BenchEnv env, boolean more) throws Exception {
        var o = env.options();
        Section hop;
        var schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (var redis = Redis.start(env.workDir().resolve("redis.log"))) {
            var common = clusterEnv(schema, redis.port);
            common.put("SSE_MAX_STREAMS", Integer.toString(o.subscribers() + 10));
            try (var holder = env.relay("cluster-holder", with(common, "bench-holder"));
                 var other = env.relay("cluster-other", with(common, "bench-other"))) {
                var key = Setup.apiKey(holder);
                var creds = Setup.pairWorlds(holder, o.loadWorlds(), holder.dataDir().resolve("worlds.txt"));
                try (var worlds = env.worlds(holder, creds, 2)) {
                    worlds.await("ready", Duration.ofSeconds(60), l -> { });
                    var clientIds = Files.readAllLines(creds).stream().map(l -> l.split(" ")[0]).toList();
                    var routes = List.of(route("direct (relay holding the world)", holder, key, clientIds),
                            route("through a second relay (over Redis)", other, key, clientIds));
                    for (var r : routes) check(r, key, clientIds.getFirst());
                    var pids = new long[] {holder.pid(), other.pid(), redis.process().pid()};
                    long end = System.nanoTime() + o.jitWarmup().toNanos();
                    for (int round = 1; System.nanoTime() < end; round++) {
                        for (var r : routes) measure(r, pids, worlds, 64, Duration.ofMillis(300), Duration.ofSeconds(2), 1);
                        env.say("cluster warm-up round %d", round);
                    }
                    var rows = new ArrayList<Row>();
                    for (int c : List.of(1, 64)) {
                        var byRoute = new HashMap<Route, Row>();
                        // Alternating windows: a burst of other load on the machine hits both routes alike.
                        for (int w = 0; w < o.windows(); w++) {
                            for (var r : routes) {
                                var m = measure(r, pids, worlds, c, o.warmup(), o.window(), 1);
                                byRoute.computeIfAbsent(r, x -> new Row(x.name(), c, new ArrayList<>(), new ArrayList<>(),
                                        new ArrayList<>())).add(m);
                            }
                        }
                        for (var r : routes) {
                            var row = byRoute.get(r);
                            env.say("cluster %s c=%d: %s req/s, relays %s µs/call, redis-server %s µs/call, errors %d",
                                    r.name(), c, row.rps().format(0), row.cpuMicros().format(1),
                                    row.redisMicros().format(1), row.errors());
                            rows.add(row);
                        }
                    }
                    var rest = !more ? "" : fanOut(env, holder, other, worlds, key, clientIds.getFirst())
                            + ClusterUploads.run(env, holder, other, key, clientIds.getFirst());
                    hop = render(env, rows, rest);
                }
            }
        } finally {
            dropSchema(schema);
        }
        return hop;
    }

    /** What every relay of a bench cluster is started with: the local PostgreSQL in {@code schema}, and the redis-server. */
    static Map<String, String> clusterEnv(String schema, int redisPort) {
        var common = new HashMap<String, String>();
        common.put("DB_TYPE", "postgres");
        common.put("DATABASE_URL", "postgres://" + PG_USER + "@" + PG + "/test");
        common.put("DB_SCHEMA", schema);
        common.put("REDIS_URL", "redis://127.0.0.1:" + redisPort);
        common.put("REQUEST_LOG_LEVEL", "WARN");
        return common;
    }

    private static Map<String, String> with(Map<String, String> common, String instanceId) {
        var env = new HashMap<>(common);
        env.put("INSTANCE_ID", instanceId);
        return env;
    }

    private static Route route(String name, RelayProcess relay, String key, List<String> clientIds) {
        return new Route(name, clientIds.stream().map(id -> Requests.build("POST", "/roll?clientId=" + id,
                "127.0.0.1:" + relay.port(), Map.of("x-api-key", key), "{\"formula\":\"1d20\"}")).toList(), relay.port());
    }

    private static void check(Route route, String key, String clientId) throws IOException {
        var r = BlockingHttp.post(route.port(), "/roll?clientId=" + clientId, Map.of("x-api-key", key),
                "{\"formula\":\"1d20\"}", 10_000);
        if (r.status() != 200) throw new IllegalStateException(route.name() + ": a first POST /roll answered " + r.status() + ": " + r.body());
    }

    /** One point's windows: the load figures, both relays' CPU and redis-server's. */
    private record Row(String route, int concurrency, List<WindowResult> results, List<CpuWindows.Cpu> cpu,
                       List<CpuWindows.Cpu> redisCpu) {
        void add(Measured m) {
            results.addAll(m.results());
            cpu.addAll(m.cpu());
            redisCpu.addAll(m.redisCpu());
        }

        Spread rps() {
            return Spread.of(results.stream().map(WindowResult::perSecond).toList());
        }

        Spread p50() {
            return Spread.of(results.stream().map(r -> r.latency().p50() / 1e6).toList());
        }

        Spread p99() {
            return Spread.of(results.stream().map(r -> r.latency().p99() / 1e6).toList());
        }

        Spread cpuMicros() {
            return perCall(cpu);
        }

        Spread kernelMicros() {
            var values = new ArrayList<Double>();
            for (int i = 0; i < Math.min(results.size(), cpu.size()); i++) {
                values.add(cpu.get(i).relaySysNanos() / 1e3 / Math.max(1, results.get(i).completed()));
            }
            return Spread.of(values);
        }

        Spread redisMicros() {
            return perCall(redisCpu);
        }

        private Spread perCall(List<CpuWindows.Cpu> windows) {
            var values = new ArrayList<Double>();
            for (int i = 0; i < Math.min(results.size(), windows.size()); i++) {
                values.add(windows.get(i).relayNanos() / 1e3 / Math.max(1, results.get(i).completed()));
            }
            return Spread.of(values);
        }

        long errors() {
            return results.stream().mapToLong(WindowResult::errors).sum();
        }

        String sampleError() {
            return results.stream().map(WindowResult::sampleError).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        }
    }

    private record Measured(List<WindowResult> results, List<CpuWindows.Cpu> cpu, List<CpuWindows.Cpu> redisCpu) {}

    /** @param pids the two relays, then redis-server (sampled apart: the target is about the relays' CPU) */
    private static Measured measure(Route route, long[] pids, WorldsProcess worlds, int concurrency, Duration warmup,
                                    Duration window, int windows) throws IOException {
        var plan = new LoadPlan(new InetSocketAddress(InetAddress.getLoopbackAddress(), route.port()), route.requests(),
                concurrency, warmup, window, windows, Duration.ofSeconds(5));
        var cpu = new CpuWindows(worlds.pid(), new long[] {pids[0], pids[1]});
        var redisCpu = new CpuWindows(worlds.pid(), new long[] {pids[2]});
        var results = HttpLoad.run(plan, new HttpLoad.WindowHook() {
            @Override
            public void started(int w) {
                cpu.started(w);
                redisCpu.started(w);
            }

            @Override
            public void ended(int w) {
                cpu.ended(w);
                redisCpu.ended(w);
            }
        });
        return new Measured(results, cpu.windows(), redisCpu.windows());
    }

    /**
     * SSE subscribers on the second relay, following rolls of a world held by the first: each event crosses
     * Redis once and is fanned out there. Timed as in the single-relay fan-out: from the module's hook to the
     * subscriber reading the event.
     */
    private static String fanOut(BenchEnv env, RelayProcess holder, RelayProcess other, WorldsProcess worlds, String key,
                                 String clientId) throws Exception {
        int n = env.options().subscribers();
        int events = env.options().events();
        long gap = 50;
        var request = Requests.build("GET", "/rolls/subscribe?clientId=" + clientId, "127.0.0.1:" + other.port(),
                Map.of("x-api-key", key, "Accept", "text/event-stream"), null);
        try (var subs = Subscribers.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), other.port()), request, n)) {
            if (!subs.awaitSubscribed(n, Duration.ofSeconds(60))) {
                throw new IllegalStateException("only " + subs.subscribed() + " of " + n + " subscribed; statuses " + subs.statuses());
            }
            Thread.sleep(1_000); // the module hears of the subscribers on the other relay and switches its roll hook on
            int warmup = events / 2;
            subs.measureFrom(warmup);
            worlds.command("chat 0 " + warmup + " " + gap + " 0");
            worlds.await("chatted", Duration.ofSeconds(warmup * gap / 1000 + 60), l -> { });
            subs.awaitDelivered(warmup, n, Duration.ofSeconds(30));
            var holder0 = holder.sample();
            var other0 = other.sample();
            worlds.command("chat 0 " + events + " " + gap + " " + warmup);
            worlds.await("chatted", Duration.ofSeconds(events * gap / 1000 + 60), l -> { });
            boolean all = subs.awaitDelivered(warmup + events, n, Duration.ofSeconds(30));
            double holderMs = holder.sample().cpuSince(holder0) / 1e6 / events;
            double otherMs = other.sample().cpuSince(other0) / 1e6 / events;
            var last = Summary.ofSorted(subs.events().stream().mapToLong(e -> e.lastLatencyMicros() * 1_000).sorted().toArray());
            long delivered = subs.events().stream().mapToLong(Subscribers.EventDelivery::reached).sum();
            env.say("cluster fan-out: %d subscribers, p99 to the last %s ms", n, Fmt.ms(last.p99()));
            var table = new Table("subscribers (on the second relay)", "events", "deliveries",
                    "to the last subscriber p50 / p99 / max (ms)", "CPU per event: holding relay / second relay (ms)");
            table.row(n, subs.events().size() + " of " + events, Fmt.count(delivered) + " of " + Fmt.count((long) n * events),
                    Fmt.ms(last.p50()) + " / " + Fmt.ms(last.p99()) + " / " + Fmt.ms(last.max()),
                    Fmt.num(holderMs, 2) + " / " + Fmt.num(otherMs, 2));
            return table.markdown() + "\nEvent fan-out across relays: one world on the first relay, " + events
                    + " chat rolls " + gap + " ms apart after " + warmup + " unrecorded ones"
                    + (all ? "" : "; not every event reached every subscriber") + ".\n\n";
        }
    }

    private static Section render(BenchEnv env, List<Row> rows, String fanOut) {
        var table = new Table("route", "conc.", "req/s", "p50 ms", "p99 ms", "errors", "relays' CPU µs/call (both)",
                "of which kernel", "redis-server CPU µs/call");
        for (var r : rows) {
            table.row(r.route(), r.concurrency(), r.rps().format(0), r.p50().format(2), r.p99().format(2), r.errors(),
                    r.cpuMicros().format(1), r.kernelMicros().format(1), r.redisMicros().format(1));
        }
        var sb = new StringBuilder(table.markdown()).append('\n');
        sb.append("Two relays (PostgreSQL schema and redis-server of their own), ").append(env.options().loadWorlds())
                .append(" simulated worlds on the first; ").append(env.options().windows()).append(" alternating windows of ")
                .append(env.options().window().toMillis() / 1000.0).append(" s per row, median (min–max). ")
                .append("The CPU per call is both relays' together, from /proc, as the target counts it; redis-server's is ")
                .append("shown apart (every relay of a cluster shares it).\n\n");
        for (var r : rows) {
            if (r.sampleError() != null) {
                sb.append("First error seen (").append(r.route()).append(", c=").append(r.concurrency()).append("): `")
                        .append(r.sampleError()).append("`\n\n");
            }
        }
        boolean met = true;
        var targets = new Table("target", "measured", "verdict");
        for (int i = 0; i + 1 < rows.size(); i += 2) {
            var direct = rows.get(i);
            var relayed = rows.get(i + 1);
            if (direct.concurrency() != 64) continue;
            double ratio = relayed.cpuMicros().median() / direct.cpuMicros().median();
            boolean ok = ratio <= TARGET_RATIO && relayed.errors() == 0;
            met &= ok;
            targets.row("c=64: relay CPU through a second relay ≤ 1.5× direct", Fmt.num(ratio, 2) + "×", Fmt.verdict(ok));
        }
        sb.append(targets.markdown()).append('\n').append(fanOut);
        return new Section("Across relays (cluster)", sb.toString(), met);
    }

    static void dropSchema(String schema) {
        try (var c = DriverManager.getConnection(PG_URL, PG_USER, null); var s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("bench: could not drop schema " + schema + ": " + e.getMessage());
        }
    }

    /** Debian's redis-server on a free loopback port, without persistence, for one run. */
    record Redis(Process process, int port) implements AutoCloseable {
        static Redis start(java.nio.file.Path log) throws IOException, InterruptedException {
            int port;
            try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Files.createDirectories(log.getParent());
            var process = new ProcessBuilder("/usr/bin/redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            var redis = new Redis(process, port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && process.isAlive()) {
                try (var s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                    return redis;
                } catch (IOException notYet) {
                    Thread.sleep(20);
                }
            }
            redis.close();
            throw new IOException("redis-server did not start; see " + log);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }
}
