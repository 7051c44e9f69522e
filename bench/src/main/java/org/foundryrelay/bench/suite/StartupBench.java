package org.foundryrelay.bench.suite;

import java.util.ArrayList;
import java.util.Map;
import org.foundryrelay.bench.report.Fmt;
import org.foundryrelay.bench.report.Table;
import org.foundryrelay.bench.stats.Spread;

/**
 * Start-up and footprint: launch to the first {@code GET /health} 200, then resident memory after a few
 * idle seconds. The first launch creates and migrates a new store; the others reuse it.
 */
final class StartupBench {
    private static final long TARGET_STARTUP_MS = 1_000;
    private static final long TARGET_RSS_MB = 100;
    private static final long IDLE_MILLIS = 5_000;

    private StartupBench() {}

    static Section run(BenchEnv env) throws Exception {
        var dir = env.workDir().resolve("startup");
        var table = new Table("launch", "store", "launch → healthy (ms)", "relay CPU to healthy (ms)",
                "idle RSS after 5 s (MB)", "heap used (MB)", "threads");
        var startups = new ArrayList<Double>();
        var rss = new ArrayList<Double>();
        for (int i = 1; i <= env.options().launches(); i++) {
            try (var relay = env.relayOn(dir, Map.of())) {
                long ms = relay.startup().toMillis();
                Thread.sleep(IDLE_MILLIS);
                var sample = relay.sample();
                var heap = relay.heap();
                env.say("start-up %d: %d ms to healthy, RSS %s MB", i, ms, Fmt.mb(sample.rssBytes()));
                table.row(i, i == 1 ? "new (migrated)" : "existing", ms, relay.startupCpuNanos() / 1_000_000,
                        Fmt.mb(sample.rssBytes()), Fmt.mb(heap.usedBytes()), sample.threads());
                startups.add((double) ms);
                rss.add(sample.rssBytes() / (1024.0 * 1024.0));
            }
        }
        // The targets are a restart's: launches on an existing store with the archive in place. The first
        // launch of a new install (migrations, no archive yet) is in the table and reported apart.
        int from = Math.min(1, startups.size() - 1);
        var s = Spread.of(startups.subList(from, startups.size()));
        var r = Spread.of(rss.subList(from, rss.size()));
        boolean met = s.max() <= TARGET_STARTUP_MS && r.max() <= TARGET_RSS_MB;
        var md = table.markdown() + "\n"
                + "Launch 1 also writes the class-data archive when it stops (if the launcher's flags ask for one),"
                + " so launches 2 and later show the start-up an operator sees from then on. Wall time depends on"
                + " what else runs; the relay's own CPU to healthy does not.\n\n"
                + "Launch → healthy on an existing store (launches 2 and later): " + s.format(0) + " ms, target ≤ " + TARGET_STARTUP_MS + " ms: "
                + Fmt.verdict(s.max() <= TARGET_STARTUP_MS) + ". Idle RSS: " + r.format(1) + " MB, target ≤ "
                + TARGET_RSS_MB + " MB: " + Fmt.verdict(r.max() <= TARGET_RSS_MB) + ".\n";
        return new Section("Start-up and footprint", md, met);
    }
}
