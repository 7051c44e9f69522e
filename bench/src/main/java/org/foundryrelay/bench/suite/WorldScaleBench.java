package org.foundryrelay.bench.suite;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import org.foundryrelay.bench.http.BlockingHttp;
import org.foundryrelay.bench.proc.RelayProcess;
import org.foundryrelay.bench.report.Fmt;
import org.foundryrelay.bench.report.Table;

/**
 * Many connected worlds: how fast they connect, what they cost the relay in memory, and what keeping them
 * alive costs in CPU while nothing else happens (the relay pings each world every 20 s, each world sends
 * the module's JSON ping every 30 s).
 */
final class WorldScaleBench {
    private static final long TARGET_RSS_MB = 512;
    private static final int WARM_WAVE = 1_000;

    private WorldScaleBench() {}

    static Section run(BenchEnv env) throws Exception {
        int n = env.options().worlds();
        try (var relay = env.relay("worlds", Map.of())) {
            Setup.apiKey(relay);
            var creds = Setup.issueTokens(relay, n, relay.dataDir().resolve("worlds.txt"));
            var baseline = relay.sample();
            env.say("worlds: %d credentials issued; relay RSS before connecting %s MB", n, Fmt.mb(baseline.rssBytes()));
            var cpuBefore = relay.sample();
            try (var worlds = env.worlds(relay, creds, 2)) {
                var ready = worlds.await("ready", Duration.ofSeconds(240), line -> {
                    if (line.startsWith("progress")) env.say("worlds: %s", line);
                }).split(" ");
                int connected = Integer.parseInt(ready[1]);
                int failedAttempts = Integer.parseInt(ready[2]);
                long connectMs = Long.parseLong(ready[3]);
                var afterConnect = relay.sample();
                int online = online(relay.port());
                env.say("worlds: %d connected in %d ms (%d failed attempts), relay reports %d online", connected, connectMs,
                        failedAttempts, online);

                var idle0 = relay.sample();
                var worlds0 = worlds.sample();
                Thread.sleep(env.options().idle().toMillis());
                var idle1 = relay.sample();
                var worlds1 = worlds.sample();
                var heap = relay.heap();
                relay.fullGc();
                Thread.sleep(500);
                var afterGc = relay.sample();
                var heapAfterGc = relay.heap();
                worlds.command("status");
                var status = worlds.await("status", Duration.ofSeconds(10), l -> { }).split(" ");
                int stillConnected = Integer.parseInt(status[1]) - Integer.parseInt(status[2]);
                int onlineAfter = online(relay.port());
                worlds.close();
                // The JIT keeps compiling the connect path through the first waves: the last one is the steady state.
                var waves = new ArrayList<String>();
                double back = 0;
                int backWaves = backWaves(n);
                for (int wave = 0; wave < backWaves; wave++) {
                    back = reconnectWave(env, relay, creds, n);
                    waves.add(Fmt.num(back, 2));
                }
                var warm = warmWave(env, relay, Math.min(n, WARM_WAVE));

                double idleSeconds = idle1.wallSince(idle0) / 1e9;
                double idleCores = idle1.cpuSince(idle0) / 1e9 / idleSeconds;
                var table = new Table("worlds", "connect time (s)", "connect rate (worlds/s)", "failed attempts",
                        "relay CPU to connect (s)", "relay CPU per connect: fresh relay / all back, warm / new, warm (ms)",
                        "RSS before / connected / after idle (MB)", "heap used / committed (MB)",
                        "live heap after full GC (MB)", "RSS after GC (MB)", "idle relay CPU (% of a core)",
                        "world pings / s", "online after idle");
                table.row(Fmt.count(n), Fmt.num(connectMs / 1000.0, 1), Fmt.num(connected / (connectMs / 1000.0), 0),
                        failedAttempts, Fmt.num(afterConnect.cpuSince(cpuBefore) / 1e9, 1),
                        Fmt.num(afterConnect.cpuSince(cpuBefore) / 1e6 / n, 2) + " / " + Fmt.num(back, 2) + " / "
                                + Fmt.num(warm, 2),
                        Fmt.mb(baseline.rssBytes()) + " / " + Fmt.mb(afterConnect.rssBytes()) + " / " + Fmt.mb(idle1.rssBytes()),
                        Fmt.mb(heap.usedBytes()) + " / " + Fmt.mb(heap.committedBytes()), Fmt.mb(heapAfterGc.usedBytes()),
                        Fmt.mb(afterGc.rssBytes()), Fmt.num(idleCores * 100, 2),
                        Fmt.num(n / 20.0 + n / 30.0, 0), onlineAfter + " (sim: " + stillConnected + ")");
                long peakRss = Math.max(idle1.rssBytes(), afterConnect.rssBytes());
                boolean met = connected == n && onlineAfter == n && peakRss <= TARGET_RSS_MB * 1024 * 1024;
                var md = table.markdown() + "\n"
                        + "Worlds connect with at most 128 handshakes in flight, from their own process; the idle window"
                        + " is " + env.options().idle().toSeconds() + " s (the relay pings every 20 s, the worlds every"
                        + " 30 s). The worlds' process used " + Fmt.num(worlds1.cpuSince(worlds0) / 1e9 / idleSeconds * 100, 2)
                        + "% of a core and " + Fmt.mb(worlds1.rssBytes()) + " MB while idle. The relay's CPU per connect"
                        + " counts everything a connect brings (upgrade, login, store writes, the world's first messages)."
                        + " Fresh relay: the first connects, the JIT still compiling. All back, warm: every world"
                        + " disconnects, then all " + Fmt.count(n) + " connect again to the same relay, as a reconnect"
                        + " storm lands on a relay already running; the last of " + backWaves + " such waves, when the"
                        + " JIT has compiled the connect path (target ≤ 0.5 ms each; the waves in order: "
                        + String.join(", ", waves) + " ms). New, warm: "
                        + Fmt.count(Math.min(n, WARM_WAVE)) + " worlds never seen before connect to it (a first"
                        + " connect also writes the world to the store at once). Target: "
                        + Fmt.count(n) + " worlds in ≤ " + TARGET_RSS_MB + " MB RSS: " + Fmt.verdict(met) + ".\n";
                return new Section("Connected worlds at scale", md, met);
            }
        }
    }

    /** About how many reconnects the all-back waves add up to: the JIT compiles the connect path through them. */
    private static final int WARM_CONNECTS = 24_000;

    /** Enough waves of {@code n} for about {@link #WARM_CONNECTS} connects in all (2 to 8): 8 of 3,000, 3 of 10,000. */
    static int backWaves(int n) {
        return Math.clamp((WARM_CONNECTS + n - 1) / n, 2, 8);
    }

    /**
     * Relay CPU (ms) per world for all {@code n} worlds (all disconnected now) connecting again to the running
     * relay: the connects of a reconnect storm.
     */
    private static double reconnectWave(BenchEnv env, RelayProcess relay, java.nio.file.Path creds, int n) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (online(relay.port()) > 0 && System.nanoTime() < deadline) Thread.sleep(100);
        Thread.sleep(500); // the disconnects' batched writes
        var before = relay.sample();
        try (var worlds = env.worlds(relay, creds, 2)) {
            var ready = worlds.await("ready", Duration.ofSeconds(240), l -> { }).split(" ");
            Thread.sleep(500); // the store's batch writer runs every 250 ms: count the connects' writes too
            double ms = relay.sample().cpuSince(before) / 1e6 / n;
            env.say("worlds: all back, %s of %d connected in %s ms, %s ms of relay CPU each", ready[1], n, ready[3],
                    Fmt.num(ms, 2));
            return ms;
        }
    }

    /** Relay CPU (ms) per world for {@code count} more worlds connecting to the already running relay. */
    private static double warmWave(BenchEnv env, RelayProcess relay, int count) throws Exception {
        var dir = Files.createDirectories(relay.dataDir().resolve("warm"));
        var creds = Setup.issueTokens(relay, count, dir.resolve("worlds.txt"));
        var before = relay.sample();
        try (var worlds = env.worlds(relay, creds, 2)) {
            var ready = worlds.await("ready", Duration.ofSeconds(240), l -> { }).split(" ");
            Thread.sleep(500); // the store's batch writer runs every 250 ms: count the connects' writes too
            double ms = relay.sample().cpuSince(before) / 1e6 / count;
            env.say("worlds: warm wave, %s of %d connected, %s ms of relay CPU each", ready[1], count, Fmt.num(ms, 2));
            return ms;
        }
    }

    private static int online(int port) {
        try {
            var r = BlockingHttp.get(port, "/api/status", Map.of(), 10_000);
            var m = java.util.regex.Pattern.compile("\"worldsOnline\":(\\d+)").matcher(r.body());
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
