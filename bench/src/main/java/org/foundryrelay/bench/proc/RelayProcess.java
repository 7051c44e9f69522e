package org.foundryrelay.bench.proc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.bench.http.BlockingHttp;

/**
 * The relay under test, as its own process ({@code java FLAGS -jar foundry-relay.jar}) bound to loopback,
 * so that /proc figures are the relay's alone. Its admin CLI runs against the same data directory.
 */
public final class RelayProcess implements AutoCloseable {
    /**
     * @param jvmFlags the launcher's JVM flags, so the relay runs as {@code ./relay} runs it
     * @param env      extra environment (limits, log levels, stream caps)
     */
    public record Launch(Path java, List<String> jvmFlags, Path jar, Path dataDir, Map<String, String> env, Path log) {}

    private static final List<String> CLI_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Launch launch;
    private final Process process;
    private final int port;
    private final Map<String, String> env;
    private Duration startup;
    private long startupCpuNanos;

    private RelayProcess(Launch launch, Process process, int port, Map<String, String> env) {
        this.launch = launch;
        this.process = process;
        this.port = port;
        this.env = env;
    }

    /** Starts the relay and waits for its first {@code GET /health} 200, timing launch to healthy. */
    public static RelayProcess start(Launch launch, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(launch.dataDir());
        int port = freePort();
        var env = new HashMap<String, String>();
        env.put("PORT", Integer.toString(port));
        env.put("HOST", "127.0.0.1");
        env.put("DATA_DIR", launch.dataDir().toString());
        env.put("PER_MINUTE_REQUEST_LIMIT", "0");
        env.put("PAIRING_RATE_LIMIT", "0");
        env.putAll(launch.env());
        var command = new ArrayList<String>();
        command.add(launch.java().toString());
        command.addAll(launch.jvmFlags());
        command.add("-jar");
        command.add(launch.jar().toString());
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.log().toFile()));
        builder.environment().putAll(env);
        long t0 = System.nanoTime();
        var process = builder.start();
        var relay = new RelayProcess(launch, process, port, env);
        long deadline = t0 + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("the relay exited with " + process.exitValue() + "; see " + launch.log());
            if (relay.healthy()) {
                relay.startup = Duration.ofNanos(System.nanoTime() - t0);
                relay.startupCpuNanos = ProcStats.read(process.pid()).cpuNanos();
                return relay;
            }
            Thread.sleep(2);
        }
        relay.close();
        throw new IOException("the relay was not healthy within " + timeout + "; see " + launch.log());
    }

    private boolean healthy() {
        try {
            return BlockingHttp.get(port, "/health", Map.of(), 1_000).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** The relay's data directory; the suite keeps its scratch files for this relay there too. */
    public Path dataDir() {
        return launch.dataDir();
    }

    public long pid() {
        return process.pid();
    }

    /** Launch until the first healthy answer. */
    public Duration startup() {
        return startup;
    }

    /** CPU the relay used from launch to healthy: the start-up work, whatever else competed for the cores. */
    public long startupCpuNanos() {
        return startupCpuNanos;
    }

    public ProcStats.Sample sample() {
        return ProcStats.read(pid());
    }

    /**
     * Runs {@code relay ARGS} (the admin CLI) on the same store and returns its stdout.
     *
     * @throws IOException when it exits non-zero
     */
    public String cli(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(launch.java().toString());
        // Not the relay's flags (they may carry a profiler): a short-lived admin command wants a quick start.
        command.addAll(CLI_FLAGS);
        command.add("-jar");
        command.add(launch.jar().toString());
        command.addAll(List.of(args));
        var err = Files.createTempFile(launch.dataDir(), "cli", ".err");
        var builder = new ProcessBuilder(command).redirectError(err.toFile());
        builder.environment().putAll(env);
        builder.environment().put("LOG_LEVEL", "WARN");
        var p = builder.start();
        p.getOutputStream().close();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("relay " + String.join(" ", args) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("relay " + args[0] + " failed (" + p.exitValue() + "): " + Files.readString(err).strip());
        }
        Files.deleteIfExists(err);
        return out;
    }

    /** Heap use now, read with the JDK's {@code jstat}. */
    public Heap heap() throws IOException, InterruptedException {
        return Heap.parse(jdkTool("jstat", "-gc", Long.toString(pid())));
    }

    /** Asks the relay's JVM for a full collection (so the next heap figure is the live set). */
    public void fullGc() throws IOException, InterruptedException {
        jdkTool("jcmd", Long.toString(pid()), "GC.run");
    }

    private String jdkTool(String tool, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(launch.java().resolveSibling(tool).toString());
        command.addAll(List.of(args));
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(tool + " did not finish");
        }
        if (p.exitValue() != 0) throw new IOException(tool + " failed: " + out.strip());
        return out;
    }

    /** Kills the relay with SIGKILL, as a crash would end it, and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops the relay the way an operator does (SIGTERM, graceful), forcibly after 15 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
