package org.foundryrelay.bench.suite;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.foundryrelay.bench.http.BlockingHttp;
import org.foundryrelay.bench.proc.NginxProcess;
import org.foundryrelay.bench.proc.ProcStats;
import org.foundryrelay.bench.proc.RelayProcess;
import org.foundryrelay.bench.report.Fmt;
import org.foundryrelay.bench.report.Table;

/**
 * A reconnect storm: three relays behind nginx (PostgreSQL schema and redis-server of their own), every world on
 * the first, nginx's backups the two others. The first is killed with SIGKILL; the worlds notice, wait as the
 * module's backoff says and reconnect through nginx to the survivors. From the kill, each world is called through
 * nginx as soon as it is back, until every one has answered: the figure is the time until the last answer, and
 * what the survivors spent.
 */
final class StormBench {
    private static final Duration TARGET = Duration.ofSeconds(15);
    /** Callers, each on a keep-alive connection through nginx: enough that a world back waits for no free caller. */
    private static final int CALLERS = 64;
    /** How often the survivors' own worlds connect before the storm. */
    private static final int OWN_WAVES = 16;

    /** The section's text and whether the target was met. */
    record Result(String markdown, boolean met) {}

    private StormBench() {}

    static Result run(BenchEnv env) throws Exception {
        int n = env.options().stormWorlds();
        if (!NginxProcess.available()) {
            env.say("storm: %s is missing, skipped", NginxProcess.BINARY);
            return new Result("Reconnect storm: not measured, " + NginxProcess.BINARY
                    + " is missing (scripts/test-prereqs installs Debian's nginx).\n", false);
        }
        var schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (var redis = ClusterBench.Redis.start(env.workDir().resolve("storm-redis.log"))) {
            var common = ClusterBench.clusterEnv(schema, redis.port());
            try (var a = env.relay("storm-a", with(common, "storm-a"));
                 var b = env.relay("storm-b", with(common, "storm-b"));
                 var c = env.relay("storm-c", with(common, "storm-c"));
                 var nginx = NginxProcess.start(env.workDir().resolve("storm-nginx"), List.of(a.port()),
                         List.of(b.port(), c.port()));
                 // Everything reaches a relay through a load balancer, as in a cluster: the survivors' own worlds
                 // and calls too, so that their JIT has compiled the requests nginx sends, not only direct ones.
                 var frontB = NginxProcess.start(env.workDir().resolve("storm-nginx-b"), List.of(b.port()), List.of());
                 var frontC = NginxProcess.start(env.workDir().resolve("storm-nginx-c"), List.of(c.port()), List.of())) {
                var key = Setup.apiKey(a);
                var creds = Setup.issueTokens(a, n, a.dataDir().resolve("worlds.txt"));
                var clientIds = java.nio.file.Files.readAllLines(creds).stream().filter(l -> !l.isBlank())
                        .map(l -> l.split(" ")[0]).toList();
                try (var worlds = env.worlds("ws://127.0.0.1:" + nginx.port(), creds, 2)) {
                    var ready = worlds.await("ready", Duration.ofSeconds(300), l -> {
                        if (l.startsWith("progress")) env.say("storm: %s", l);
                    }).split(" ");
                    if (Integer.parseInt(ready[1]) != n) throw new IllegalStateException("only " + ready[1] + " of " + n + " worlds connected");
                    awaitOnline(a, n);
                    // Survivors in a cluster hold worlds of their own and have served calls, some crossing to the first.
                    int own = Math.max(100, n / 5);
                    // The two survivors' own waves at once: the bench's longest wait.
                    var waves = Executors.newVirtualThreadPerTaskExecutor();
                    var wavesB = waves.submit(() -> ownWorlds(env, b, frontB, own, key));
                    var wavesC = waves.submit(() -> ownWorlds(env, c, frontC, own, key));
                    try (var ownB = wavesB.get();
                         var ownC = wavesC.get()) {
                        warm(key, frontB, frontC, clientIds, ownIds(b), ownIds(c));
                        env.say("storm: warm-up calls answered %s", new java.util.TreeMap<>(ANSWERS));
                        Thread.sleep(1_000);
                        return storm(env, n, a, b, c, nginx, worlds, key, clientIds);
                    }
                }
            }
        } finally {
            ClusterBench.dropSchema(schema);
        }
    }

    /**
     * {@code n} worlds connected to {@code relay} through its {@code front}, each called once that way. They connect
     * {@link #OWN_WAVES} times, as a relay that has run for a while has seen worlds come and go: its JIT has
     * compiled the connect path. C2 compiles a method once it has run about 15,000 times, so a relay that has
     * accepted fewer connects compiles the path in the middle of a storm, on the cores the storm needs.
     */
    private static org.foundryrelay.bench.proc.WorldsProcess ownWorlds(BenchEnv env, RelayProcess relay,
                                                                       NginxProcess front, int n, String key)
            throws Exception {
        var creds = Setup.issueTokens(relay, n, relay.dataDir().resolve("own-worlds.txt"));
        org.foundryrelay.bench.proc.WorldsProcess worlds = null;
        for (int wave = 0; wave < OWN_WAVES; wave++) {
            if (worlds != null) {
                worlds.close();
                awaitOnline(relay, online -> online == 0, "its worlds gone");
            }
            worlds = env.worlds("ws://127.0.0.1:" + front.port(), creds, 2);
            var ready = worlds.await("ready", Duration.ofSeconds(300), l -> { }).split(" ");
            if (Integer.parseInt(ready[1]) != n) throw new IllegalStateException("only " + ready[1] + " of " + n + " worlds connected");
        }
        try (var connection = new BlockingHttp.Kept(front.port(), 10_000)) {
            for (var line : java.nio.file.Files.readAllLines(creds)) {
                if (!line.isBlank()) call(connection, key, line.split(" ")[0]);
            }
        }
        return worlds;
    }

    private static Result storm(BenchEnv env, int n, RelayProcess a, RelayProcess b, RelayProcess c, NginxProcess nginx,
                                org.foundryrelay.bench.proc.WorldsProcess worlds, String key, List<String> clientIds)
            throws Exception {
        env.say("storm: %d worlds on relay A; killing it (load %s)", n, Fmt.num(ProcStats.loadAverage(), 2));
        worlds.command("status");
        int failedBefore = Integer.parseInt(worlds.await("status", Duration.ofSeconds(10), l -> { }).split(" ")[4]);

        var b0 = b.sample();
        var c0 = c.sample();
        var w0 = worlds.sample();
        long nginx0 = nginx.cpuNanos();
        var machine0 = ProcStats.machine();
        long t0 = System.nanoTime();
        ANSWERS.clear();
        a.kill();
        var times = callUntilAllAnswer(env, worlds, nginx.port(), key, clientIds, t0);
        long wall = System.nanoTime() - t0;
        env.say("storm: calls after the kill answered %s", new java.util.TreeMap<>(ANSWERS));
        var millis = CALL_MILLIS.stream().mapToLong(Long::longValue).sorted().toArray();
        if (millis.length > 0) {
            env.say("storm: call durations p50 %d ms, p90 %d ms, max %d ms", millis[millis.length / 2],
                    millis[millis.length * 9 / 10], millis[millis.length - 1]);
        }
        var b1 = b.sample();
        var c1 = c.sample();
        var w1 = worlds.sample();
        long nginxCpu = nginx.cpuNanos() - nginx0;
        double machineCores = ProcStats.machine().coresBusySince(machine0, wall);
        worlds.command("status");
        var status = worlds.await("status", Duration.ofSeconds(10), l -> { }).split(" ");
        int online = Integer.parseInt(status[3]);
        int failedAttempts = Integer.parseInt(status[4]) - failedBefore;
        return render(env, n, times, b1.cpuSince(b0) + c1.cpuSince(c0), w1.cpuSince(w0), nginxCpu, machineCores,
                online, failedAttempts, wall);
    }

    /** When each world was back (its auth-success) and first answered a call, in nanoseconds after the kill; 0 = never. */
    private record Times(long[] up, long[] answered) {}

    private static Times callUntilAllAnswer(BenchEnv env, org.foundryrelay.bench.proc.WorldsProcess worlds, int port,
                                            String key, List<String> clientIds, long t0) throws InterruptedException {
        int n = clientIds.size();
        var up = new long[n];
        var answered = new long[n];
        var toCall = new ConcurrentLinkedQueue<Integer>();
        var left = new CountDownLatch(n);
        var stop = new AtomicBoolean();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(90);
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CALLERS; i++) {
                callers.submit(() -> {
                    try (var connection = new BlockingHttp.Kept(port, 10_000)) {
                        while (!stop.get()) {
                            var world = toCall.poll();
                            if (world == null) {
                                Thread.sleep(5);
                                continue;
                            }
                            long sent = System.nanoTime();
                            boolean ok = call(connection, key, clientIds.get(world));
                            CALL_MILLIS.add((System.nanoTime() - sent) / 1_000_000);
                            if (ok) {
                                answered[world] = System.nanoTime() - t0;
                                left.countDown();
                            } else {
                                Thread.sleep(100);
                                toCall.add(world);
                            }
                        }
                    }
                    return null;
                });
            }
            long lastReport = System.nanoTime();
            while (left.getCount() > 0 && System.nanoTime() < deadline) {
                var line = worlds.poll(100);
                if (line != null && line.startsWith("up ")) {
                    int i = Integer.parseInt(line.substring(3).trim());
                    if (up[i] == 0) {
                        up[i] = System.nanoTime() - t0;
                        toCall.add(i);
                    }
                }
                if (System.nanoTime() - lastReport > 1_000_000_000L) {
                    lastReport = System.nanoTime();
                    env.say("storm: %.1f s after the kill, %d worlds back, %d answered", (lastReport - t0) / 1e9,
                            Arrays.stream(up).filter(t -> t > 0).count(), n - left.getCount());
                }
            }
            stop.set(true);
        }
        return new Times(up, answered);
    }

    /** How long each call after the kill took, in ms. */
    private static final java.util.concurrent.ConcurrentLinkedQueue<Long> CALL_MILLIS = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** What the calls after the kill were answered, by status ("io" for no answer). */
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> ANSWERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static boolean call(BlockingHttp.Kept connection, String key, String clientId) {
        String status;
        try {
            status = Integer.toString(connection.post("/roll?clientId=" + clientId, Map.of("x-api-key", key),
                    "{\"formula\":\"1d20\"}").status());
        } catch (IOException e) {
            status = "io";
        }
        ANSWERS.computeIfAbsent(status, k -> new java.util.concurrent.atomic.LongAdder()).increment();
        return status.equals("200");
    }

    /** Calls each survivor serves of each kind before the storm (see {@link #warm}). */
    private static final int WARM_CALLS = 6_000;
    /** Keep-alive connections the warm-up calls use at once. */
    private static final int WARM_CONNECTIONS = 8;

    /**
     * Serves the calls a running cluster's relays serve, so that the storm meets compiled code as it would in
     * production, not a first use: each survivor calls its own worlds (direct), the other survivor's (it asks,
     * the other holds) and A's (relayed to A), {@link #WARM_CALLS} of each.
     */
    private static void warm(String key, NginxProcess b, NginxProcess c, List<String> onA, List<String> onB,
                             List<String> onC) throws InterruptedException {
        var plan = List.of(new Warm(b, onB), new Warm(b, onC), new Warm(b, onA), new Warm(c, onC), new Warm(c, onB),
                new Warm(c, onA));
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var w : plan) {
                for (int t = 0; t < WARM_CONNECTIONS; t++) {
                    int first = t;
                    callers.submit(() -> {
                        try (var connection = new BlockingHttp.Kept(w.front().port(), 10_000)) {
                            for (int i = first; i < WARM_CALLS; i += WARM_CONNECTIONS) {
                                call(connection, key, w.worlds().get(i % w.worlds().size()));
                            }
                        }
                        return null;
                    });
                }
            }
        }
    }

    private record Warm(NginxProcess front, List<String> worlds) {}

    private static List<String> ownIds(RelayProcess relay) throws IOException {
        return java.nio.file.Files.readAllLines(relay.dataDir().resolve("own-worlds.txt")).stream()
                .filter(l -> !l.isBlank()).map(l -> l.split(" ")[0]).toList();
    }

    private static void awaitOnline(RelayProcess relay, int n) throws Exception {
        awaitOnline(relay, online -> online >= n, n + " worlds online");
    }

    private static void awaitOnline(RelayProcess relay, java.util.function.IntPredicate done, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            var r = BlockingHttp.get(relay.port(), "/api/status", Map.of(), 10_000);
            var m = java.util.regex.Pattern.compile("\"worldsOnline\":(\\d+)").matcher(r.body());
            if (m.find() && done.test(Integer.parseInt(m.group(1)))) return;
            Thread.sleep(200);
        }
        throw new IllegalStateException("relay on port " + relay.port() + " never reported " + what);
    }

    private static Map<String, String> with(Map<String, String> common, String instanceId) {
        var env = new HashMap<>(common);
        env.put("INSTANCE_ID", instanceId);
        return env;
    }

    private static Result render(BenchEnv env, int n, Times t, long relaysCpu, long worldsCpu, long nginxCpu,
                                 double machineCores, int online, int failedAttempts, long wall) {
        long[] up = Arrays.stream(t.up()).filter(x -> x > 0).sorted().toArray();
        long[] answered = Arrays.stream(t.answered()).filter(x -> x > 0).sorted().toArray();
        boolean all = answered.length == n;
        long last = all ? answered[n - 1] : -1;
        boolean met = all && last <= TARGET.toNanos();
        env.say("storm: %d of %d answering again, the last %s s after the kill; survivors' CPU %s s", answered.length, n,
                all ? Fmt.num(last / 1e9, 1) : "-", Fmt.num(relaysCpu / 1e9, 1));
        var table = new Table("worlds", "back (auth-success) p50 / last (s)", "answering p50 / last (s)",
                "failed attempts", "survivors' CPU (s)", "survivors' CPU per world (ms)", "nginx / worlds' CPU (s)",
                "machine busy (cores)");
        table.row(Fmt.count(n) + (all ? "" : " (" + answered.length + " answered)"),
                sec(up, 50) + " / " + (up.length == 0 ? "-" : Fmt.num(up[up.length - 1] / 1e9, 1)),
                sec(answered, 50) + " / " + (answered.length == 0 ? "-" : Fmt.num(answered[answered.length - 1] / 1e9, 1)),
                failedAttempts, Fmt.num(relaysCpu / 1e9, 1), Fmt.num(relaysCpu / 1e6 / n, 2),
                Fmt.num(nginxCpu / 1e9, 1) + " / " + Fmt.num(worldsCpu / 1e9, 1), Fmt.num(machineCores, 2));
        var md = "Reconnect storm: " + Fmt.count(n) + " simulated worlds on relay A of three (one nginx in front, A its"
                + " only upstream while up, B and C its backups, each already holding " + Fmt.count(Math.max(100, n / 5))
                + " worlds of its own, which connected to it " + OWN_WAVES + " times, and warm from serving calls: "
                + Fmt.count(WARM_CALLS) + " each to its own worlds, to the other survivor's and to A's; those worlds and calls"
                + " reach it through an nginx of its own, as everything reaches a relay of a cluster). A is killed with SIGKILL; the worlds reconnect with the"
                + " module's backoff (1 s, 2 s, 4 s… no jitter, 5 s connect timeout) through nginx to B and C. Each world"
                + " is called (`POST /roll` through nginx, by " + CALLERS + " callers on keep-alive connections) as soon as it is back, until it answers; the survivors' CPU"
                + " counts from the kill until every world answered (" + Fmt.num(wall / 1e9, 1) + " s), calls included; "
                + online + " worlds online at the end.\n\n" + table.markdown() + "\n"
                + "Target: every world answering again within " + TARGET.toSeconds() + " s: " + Fmt.verdict(met) + ".\n";
        return new Result(md, met);
    }

    private static String sec(long[] sorted, double percent) {
        if (sorted.length == 0) return "-";
        return Fmt.num(sorted[(int) Math.min(sorted.length - 1, Math.ceil(percent / 100 * sorted.length) - 1)] / 1e9, 1);
    }
}
