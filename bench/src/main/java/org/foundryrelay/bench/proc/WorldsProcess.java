package org.foundryrelay.bench.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.foundryrelay.bench.worlds.WorldsMain;

/** The simulated worlds' process ({@link WorldsMain}), driven over its stdin and stdout. */
public final class WorldsProcess implements AutoCloseable {
    /** JDK WebSocket buffers sized for small relay messages, as the simulator's own launcher does. */
    private static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xss256k",
            "-Djdk.httpclient.websocket.writeBufferSize=2048", "-Djdk.httpclient.bufsize=4096");

    private final Process process;
    private final PrintWriter commands;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private WorldsProcess(Process process) {
        this.process = process;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("worlds-stdout").start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) lines.add(line);
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    /**
     * @param relayWs         the relay's WebSocket base, e.g. {@code ws://127.0.0.1:PORT}
     * @param credentials     "clientId token" lines, one world each
     * @param callbackThreads threads answering relay messages
     */
    public static WorldsProcess start(Path java, Path classpath, String relayWs, Path credentials, int connectConcurrency,
                                      int callbackThreads, Path log) throws IOException {
        var command = new ArrayList<String>();
        command.add(java.toString());
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-cp", classpath.toString(), WorldsMain.class.getName(),
                "--relay", relayWs, "--credentials", credentials.toString(),
                "--connect-concurrency", Integer.toString(connectConcurrency),
                "--callback-threads", Integer.toString(callbackThreads)));
        var process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new WorldsProcess(process);
    }

    public long pid() {
        return process.pid();
    }

    public ProcStats.Sample sample() {
        return ProcStats.read(pid());
    }

    public void command(String line) {
        commands.println(line);
    }

    /**
     * Waits for the next line starting with {@code prefix}, handing every line on the way to
     * {@code progress}.
     *
     * @throws IOException on timeout or when the process ends first
     */
    public String await(String prefix, Duration timeout, Consumer<String> progress) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new IOException("worlds: no '" + prefix + "' within " + timeout);
            var line = lines.poll(Math.min(left, 200_000_000L), TimeUnit.NANOSECONDS);
            if (line == null) {
                if (!process.isAlive()) throw new IOException("worlds process exited with " + process.exitValue());
                continue;
            }
            progress.accept(line);
            if (line.startsWith(prefix)) return line;
        }
    }

    /** The next line, or null when none came within {@code timeoutMillis}. */
    public String poll(long timeoutMillis) throws InterruptedException {
        return lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            command("quit");
            if (!process.waitFor(15, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
