package org.foundryrelay.bench.suite;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.foundryrelay.bench.BenchOptions;
import org.foundryrelay.bench.proc.RelayProcess;
import org.foundryrelay.bench.proc.WorldsProcess;

/**
 * What every benchmark runs with: the options, where the JDK and the jars are, a scratch directory, and
 * a progress log (stderr, so the report on stdout stays clean).
 */
public record BenchEnv(BenchOptions options, Path java, Path benchJar, Path workDir, PrintStream progress) {
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** Starts a relay with a fresh data directory of its own. */
    public RelayProcess relay(String name, Map<String, String> env) throws IOException, InterruptedException {
        var dir = workDir.resolve(name + "-" + RUNS.incrementAndGet());
        return relayOn(dir, env);
    }

    /** Starts a relay on the given data directory (which may hold a store already). */
    public RelayProcess relayOn(Path dataDir, Map<String, String> env) throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        var launch = new RelayProcess.Launch(java, options.relayJvmFlags(), options.relayJar(), dataDir, env,
                dataDir.resolve("relay.log"));
        return RelayProcess.start(launch, Duration.ofSeconds(90)); // a busy 2-core machine, or a profiler, slows start-up
    }

    /** Starts the simulated worlds listed in {@code credentials} against the relay. */
    public WorldsProcess worlds(RelayProcess relay, Path credentials, int callbackThreads) throws IOException {
        return worlds("ws://127.0.0.1:" + relay.port(), credentials, callbackThreads);
    }

    /** Starts the simulated worlds listed in {@code credentials} against a relay address (a proxy in front of relays). */
    public WorldsProcess worlds(String relayWs, Path credentials, int callbackThreads) throws IOException {
        return WorldsProcess.start(java, benchJar, relayWs, credentials, 128, callbackThreads,
                credentials.resolveSibling("worlds.log"));
    }

    public void say(String format, Object... args) {
        progress.printf("bench: " + format + "%n", args);
        progress.flush();
    }
}
