package org.foundryrelay.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The suite's command line. Defaults are the full run (about six minutes on a 2-core machine);
 * {@code --quick} shrinks every benchmark to check the wiring in about a minute, and leaves the cluster one out
 * unless {@code --only} names it.
 *
 * @param only           which benchmarks to run, in the suite's order
 * @param loadWorlds     simulated worlds answering the throughput runs
 * @param endpoints      which calls to load: {@code roll}, {@code encounters}, and {@code status} (not
 *                       relayed, measured at concurrency 64 only, as the HTTP stack's own cost)
 * @param concurrencies  closed-loop concurrencies of the throughput runs
 * @param jitWarmup      the most unrecorded load before the points (it ends once the relay's CPU per
 *                       request settles): on 2 busy cores the JIT takes tens of seconds
 * @param window         length of one measured window; each point is measured {@code windows} times
 * @param worlds         connected worlds for the scale benchmark
 * @param idle           how long the connected worlds sit idle while the relay's CPU is measured
 * @param subscribers    SSE subscribers on one world for the fan-out benchmark
 * @param events         roll events sent to them
 * @param launches       relay launches for the start-up benchmark
 * @param loggingRuns    also measure concurrency 64 with the default per-request logging
 * @param stormWorlds    worlds moved by the reconnect storm of the cluster section (also {@code --only storm})
 */
public record BenchOptions(Set<String> only, Path relayJar, List<String> relayJvmFlags, Path report, int loadWorlds,
                           List<String> endpoints, List<Integer> concurrencies, Duration jitWarmup, Duration warmup, Duration window, int windows, int worlds,
                           Duration idle, int subscribers, int events, int launches, boolean loggingRuns, Path workDir, int stormWorlds) {

    public static final List<String> ALL = List.of("startup", "throughput", "fanout", "worlds", "cluster");
    /** Runs on its own only when named; the cluster section includes it. */
    static final String STORM = "storm";
    /** The cluster section's relayed calls alone, without fan-out, uploads and storm. */
    static final String HOP = "hop";

    static final String USAGE = """
            Usage: bench [--quick] [--only startup,throughput,fanout,worlds,cluster,hop,storm] [--relay-jar PATH]
                         [--relay-jvm-flags "FLAGS"] [--report FILE] [--worlds N] [--subscribers N]
                         [--window SECONDS] [--windows N] [--no-logging-runs]
                         [--endpoints roll,encounters,status] [--concurrency 1,16,64,256] [--load-worlds N]
                         [--jit-warmup SECONDS] [--storm-worlds N]

            Runs the relay as a separate process and measures it; prints a markdown report on stdout
            (and writes it to --report, default bench/target/bench-report.md).
            """;

    static BenchOptions parse(String[] args) {
        var only = new LinkedHashSet<>(ALL);
        Path jar = Path.of("server/target/foundry-relay.jar");
        var flags = List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC");
        Path report = Path.of("bench/target/bench-report.md");
        boolean quick = false;
        boolean onlyGiven = false;
        boolean logging = true;
        Integer worlds = null, subscribers = null, windows = null;
        Duration window = null;
        var endpoints = List.of("roll", "encounters", "status");
        var concurrencies = List.of(1, 16, 64, 256);
        int loadWorlds = 4;
        Duration jitWarmup = null;
        int stormWorlds = 5_000;
        for (int i = 0; i < args.length; i++) {
            var a = args[i];
            switch (a) {
                case "--quick" -> quick = true;
                case "--no-logging-runs" -> logging = false;
                case "--only" -> {
                    onlyGiven = true;
                    only = new LinkedHashSet<>();
                    for (var name : value(args, ++i, a).split(",")) {
                        if (!ALL.contains(name.trim()) && !List.of(HOP, STORM).contains(name.trim())) throw new IllegalArgumentException("unknown benchmark " + name);
                        only.add(name.trim());
                    }
                }
                case "--relay-jar" -> jar = Path.of(value(args, ++i, a));
                case "--relay-jvm-flags" -> flags = List.of(value(args, ++i, a).trim().split("\\s+"));
                case "--report" -> report = Path.of(value(args, ++i, a));
                case "--worlds" -> worlds = Integer.parseInt(value(args, ++i, a));
                case "--subscribers" -> subscribers = Integer.parseInt(value(args, ++i, a));
                case "--window" -> window = Duration.ofMillis((long) (Double.parseDouble(value(args, ++i, a)) * 1000));
                case "--windows" -> windows = Integer.parseInt(value(args, ++i, a));
                case "--endpoints" -> endpoints = List.of(value(args, ++i, a).split(","));
                case "--concurrency" -> concurrencies = java.util.Arrays.stream(value(args, ++i, a).split(","))
                        .map(String::trim).map(Integer::valueOf).toList();
                case "--load-worlds" -> loadWorlds = Integer.parseInt(value(args, ++i, a));
                case "--storm-worlds" -> stormWorlds = Integer.parseInt(value(args, ++i, a));
                case "--jit-warmup" -> jitWarmup = Duration.ofSeconds(Long.parseLong(value(args, ++i, a)));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        var ordered = new ArrayList<String>();
        for (var name : ALL) if (only.contains(name)) ordered.add(name);
        // Parts of the cluster section, on their own only when named (and then not twice).
        for (var part : List.of(HOP, STORM)) if (only.contains(part) && !only.contains("cluster")) ordered.add(part);
        // Two more relays, a redis-server and the pairing add half a minute: a quick run checks it only when asked.
        if (quick && !onlyGiven) ordered.remove("cluster");
        return new BenchOptions(new LinkedHashSet<>(ordered), jar, flags, report, loadWorlds, endpoints, concurrencies,
                jitWarmup != null ? jitWarmup : quick ? Duration.ofSeconds(3) : Duration.ofSeconds(60),
                quick ? Duration.ofMillis(500) : Duration.ofSeconds(1),
                window != null ? window : quick ? Duration.ofSeconds(1) : Duration.ofSeconds(3),
                windows != null ? windows : quick ? 2 : 3,
                worlds != null ? worlds : quick ? 1_000 : 10_000,
                quick ? Duration.ofSeconds(8) : Duration.ofSeconds(45),
                subscribers != null ? subscribers : quick ? 200 : 1_000,
                quick ? 40 : 200,
                quick ? 2 : 4,
                logging, Path.of("bench/target/work"), stormWorlds);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}
