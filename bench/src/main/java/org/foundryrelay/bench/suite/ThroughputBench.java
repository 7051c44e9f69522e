package org.foundryrelay.bench.suite;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.foundryrelay.bench.http.BlockingHttp;
import org.foundryrelay.bench.http.HttpLoad;
import org.foundryrelay.bench.http.LoadPlan;
import org.foundryrelay.bench.http.Requests;
import org.foundryrelay.bench.http.WindowResult;
import org.foundryrelay.bench.proc.RelayProcess;
import org.foundryrelay.bench.proc.WorldsProcess;
import org.foundryrelay.bench.report.Fmt;
import org.foundryrelay.bench.report.Table;
import org.foundryrelay.bench.stats.Spread;

/**
 * Relayed calls under closed-loop load: {@code POST /roll} and {@code GET /encounters} at each concurrency,
 * every point measured in several windows, against worlds that answer at once. Run with per-request
 * logging off ({@code REQUEST_LOG_LEVEL=WARN}) and, at concurrency 64, with the default logging too.
 */
final class ThroughputBench {
    static final int TARGET_CONCURRENCY = 64;
    private static final double TARGET_RPS = 15_000;
    private static final double TARGET_P99_MS = 10;
    private static final double TARGET_CPU_US = 60;

    /** One request kind. */
    record Endpoint(String key, String name, String method, String path, String body) {}

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("roll", "POST /roll", "POST", "/roll", "{\"formula\":\"1d20\"}"),
            new Endpoint("encounters", "GET /encounters", "GET", "/encounters", null),
            // Not relayed and not authenticated: what the HTTP stack alone costs, for reference.
            new Endpoint("status", "GET /api/status (not relayed)", "GET", "/api/status", null));

    /** One measured point: every window's load figures with its CPU split. */
    record Point(Endpoint endpoint, String logging, int concurrency, List<WindowResult> results, List<CpuWindows.Cpu> cpu) {
        Spread rps() {
            return Spread.of(results.stream().map(WindowResult::perSecond).toList());
        }

        Spread p(java.util.function.ToLongFunction<org.foundryrelay.bench.stats.Summary> f) {
            return Spread.of(results.stream().map(r -> f.applyAsLong(r.latency()) / 1e6).toList());
        }

        long max() {
            return results.stream().mapToLong(r -> r.latency().max()).max().orElse(0);
        }

        long errors() {
            return results.stream().mapToLong(WindowResult::errors).sum();
        }

        Spread perRequestMicros(java.util.function.ToLongFunction<CpuWindows.Cpu> f) {
            var values = new ArrayList<Double>();
            for (int i = 0; i < Math.min(results.size(), cpu.size()); i++) {
                values.add(f.applyAsLong(cpu.get(i)) / 1e3 / Math.max(1, results.get(i).completed()));
            }
            return Spread.of(values);
        }

        Spread otherCores() {
            return Spread.of(cpu.stream().map(CpuWindows.Cpu::otherCores).toList());
        }

        String sampleError() {
            return results.stream().map(WindowResult::sampleError).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        }
    }

    private static final List<String> gcNotes = new ArrayList<>();

    private ThroughputBench() {}

    static Section run(BenchEnv env) throws Exception {
        var points = new ArrayList<Point>();
        points.addAll(runRelay(env, "off (WARN)", Map.of("REQUEST_LOG_LEVEL", "WARN"), env.options().concurrencies()));
        if (env.options().loggingRuns()) {
            points.addAll(runRelay(env, "default (INFO)", Map.of(), List.of(TARGET_CONCURRENCY)));
        }
        return render(env, points);
    }

    private static List<Point> runRelay(BenchEnv env, String logging, Map<String, String> relayEnv,
                                         List<Integer> concurrencies) throws Exception {
        var o = env.options();
        try (var relay = env.relay("throughput", relayEnv)) {
            var key = Setup.apiKey(relay);
            var creds = Setup.pairWorlds(relay, o.loadWorlds(), relay.dataDir().resolve("worlds.txt"));
            try (var worlds = env.worlds(relay, creds, 2)) {
                worlds.await("ready", java.time.Duration.ofSeconds(60), l -> { });
                var clientIds = Files.readAllLines(creds).stream().map(l -> l.split(" ")[0]).toList();
                check(relay, key, clientIds.getFirst());
                var chosen = ENDPOINTS.stream().filter(e -> o.endpoints().contains(e.key())).toList();
                var requests = new java.util.LinkedHashMap<Endpoint, List<byte[]>>();
                for (var endpoint : chosen) {
                    requests.put(endpoint, clientIds.stream().map(id -> Requests.build(endpoint.method(),
                            endpoint.path() + "?clientId=" + id, "127.0.0.1:" + relay.port(),
                            Map.of("x-api-key", key), endpoint.body())).toList());
                }
                warmUp(env, relay, worlds, requests);
                var points = new ArrayList<Point>();
                for (var endpoint : chosen) {
                    for (int c : endpoint.key().equals("status") ? List.of(TARGET_CONCURRENCY) : concurrencies) {
                        var point = measure(relay, worlds, requests.get(endpoint), c, o.warmup(), o.window(), o.windows());
                        var p = new Point(endpoint, logging, c, point.results(), point.cpu());
                        env.say("%s logging %s c=%d: %s req/s, p99 %s ms, relay %s µs/req, errors %d", endpoint.name(),
                                logging, c, p.rps().format(0), p.p(s -> s.p99()).format(2),
                                p.perRequestMicros(CpuWindows.Cpu::relayNanos).format(1), p.errors());
                        points.add(p);
                    }
                }
                var heap = relay.heap();
                env.say("relay with request log %s: %d collections, %.2f s of GC over the whole run, heap %s of %s MB",
                        logging, heap.collections(), heap.gcSeconds(), Fmt.mb(heap.usedBytes()), Fmt.mb(heap.committedBytes()));
                gcNotes.add("request log " + logging + ": " + heap.collections() + " collections, "
                        + Fmt.num(heap.gcSeconds(), 2) + " s of GC pauses over the whole run (warm-up included), heap "
                        + Fmt.mb(heap.committedBytes()) + " MB committed at the end");
                return points;
            }
        }
    }

    /**
     * Unrecorded load at the target concurrency, the endpoints in turn, for at least half of
     * {@code jitWarmup} and then until the relay's CPU per request has settled (three rounds in a row
     * within 7% of the round before, for every endpoint) or {@code jitWarmup} has passed. On two busy
     * cores the JIT needs tens of seconds; cold figures would measure the compiler, not the relay.
     */
    private static void warmUp(BenchEnv env, RelayProcess relay, WorldsProcess worlds,
                               Map<Endpoint, List<byte[]>> requests) throws Exception {
        long start = System.nanoTime();
        long deadline = start + env.options().jitWarmup().toNanos();
        long minimum = start + env.options().jitWarmup().toNanos() / 2;
        var last = new java.util.HashMap<Endpoint, Double>();
        int steady = 0;
        for (int round = 1; System.nanoTime() < deadline && steady < 3; round++) {
            boolean settled = round > 1;
            var line = new StringBuilder();
            for (var e : requests.entrySet()) {
                var m = measure(relay, worlds, e.getValue(), TARGET_CONCURRENCY, java.time.Duration.ofMillis(300),
                        java.time.Duration.ofSeconds(2), 1);
                double cpu = m.cpu().getFirst().relayNanos() / 1e3 / Math.max(1, m.results().getFirst().completed());
                var before = last.put(e.getKey(), cpu);
                settled &= before != null && Math.abs(cpu - before) <= 0.07 * before;
                line.append(' ').append(e.getKey().key()).append('=').append(Fmt.num(cpu, 0)).append("µs");
            }
            steady = settled && System.nanoTime() >= minimum ? steady + 1 : 0;
            env.say("warm-up round %d:%s", round, line);
        }
    }

    private record Measured(List<WindowResult> results, List<CpuWindows.Cpu> cpu) {}

    private static Measured measure(RelayProcess relay, WorldsProcess worlds, List<byte[]> requests, int concurrency,
                                    java.time.Duration warmup, java.time.Duration window, int windows) throws Exception {
        var server = new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.port());
        var plan = new LoadPlan(server, requests, concurrency, warmup, window, windows, java.time.Duration.ofSeconds(5));
        var cpu = new CpuWindows(relay.pid(), worlds.pid());
        var results = HttpLoad.run(plan, cpu);
        return new Measured(results, cpu.windows());
    }

    private static void check(RelayProcess relay, String key, String clientId) throws Exception {
        var r = BlockingHttp.post(relay.port(), "/roll?clientId=" + clientId, Map.of("x-api-key", key),
                "{\"formula\":\"1d20\"}", 10_000);
        if (r.status() != 200) throw new IllegalStateException("a first POST /roll answered " + r.status() + ": " + r.body());
    }

    private static Section render(BenchEnv env, List<Point> points) {
        var table = new Table("endpoint", "request log", "conc.", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors",
                "relay CPU µs/req", "of which kernel", "load gen µs/req", "worlds µs/req", "other load (cores)");
        for (var p : points) {
            table.row(p.endpoint().name(), p.logging(), p.concurrency(), p.rps().format(0), p.p(s -> s.p50()).format(2),
                    p.p(s -> s.p90()).format(2), p.p(s -> s.p99()).format(2), Fmt.ms(p.max()), p.errors(),
                    p.perRequestMicros(CpuWindows.Cpu::relayNanos).format(1),
                    Fmt.num(p.perRequestMicros(CpuWindows.Cpu::relaySysNanos).median(), 1),
                    p.perRequestMicros(CpuWindows.Cpu::benchNanos).format(1),
                    p.perRequestMicros(CpuWindows.Cpu::worldsNanos).format(1), p.otherCores().format(2));
        }
        var sb = new StringBuilder(table.markdown()).append('\n');
        sb.append("Each row: ").append(env.options().windows()).append(" windows of ")
                .append(env.options().window().toMillis() / 1000.0).append(" s after ")
                .append(env.options().warmup().toMillis() / 1000.0)
                .append(" s warm-up; figures are the median (min–max) over the windows, max is the largest of all. ")
                .append(env.options().loadWorlds()).append(" simulated worlds share the load, in their own process. ")
                .append("Errors count every non-2xx answer and every connection failure.\n\n");
        boolean allMet = true;
        var targets = new Table("target at concurrency " + TARGET_CONCURRENCY + " (logging off)", "measured", "verdict");
        for (var p : points) {
            if (p.concurrency() != TARGET_CONCURRENCY || !p.logging().startsWith("off") || p.endpoint().key().equals("status")) {
                continue;
            }
            double rps = p.rps().median();
            double p99 = p.p(s -> s.p99()).median();
            double cpu = p.perRequestMicros(CpuWindows.Cpu::relayNanos).median();
            boolean r = rps >= TARGET_RPS, l = p99 <= TARGET_P99_MS, e = p.errors() == 0, c = cpu <= TARGET_CPU_US;
            allMet &= r && l && e && c;
            var n = p.endpoint().name();
            targets.row(n + ": ≥ 15,000 req/s", Fmt.num(rps, 0), Fmt.verdict(r));
            targets.row(n + ": p99 ≤ 10 ms", Fmt.num(p99, 2) + " ms", Fmt.verdict(l));
            targets.row(n + ": no errors", p.errors(), Fmt.verdict(e));
            targets.row(n + ": relay CPU ≤ 60 µs/req", Fmt.num(cpu, 1) + " µs", Fmt.verdict(c));
            if (p.sampleError() != null) sb.append("First error seen (").append(n).append("): `").append(p.sampleError()).append("`\n\n");
        }
        sb.append(targets.markdown());
        if (!gcNotes.isEmpty()) sb.append("\nGC (relay, jstat): ").append(String.join("; ", gcNotes)).append(".\n");
        return new Section("Relayed calls (closed loop)", sb.toString(), allMet);
    }
}
