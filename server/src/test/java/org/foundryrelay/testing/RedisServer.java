package org.foundryrelay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's redis-server on a free loopback port, without persistence, stopped and started by the test. */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final List<String> options;
    private Process process;

    private RedisServer(int port, List<String> options) {
        this.port = port;
        this.options = options;
    }

    /** Starts one with redis-server's {@code options} added, e.g. {@code "--requirepass", "secret"}. */
    public static RedisServer start(String... options) {
        var server = new RedisServer(freePort(), List.of(options));
        server.resume();
        return server;
    }

    public int port() {
        return port;
    }

    public static int freePort() {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * The settings of a cluster member {@code instanceId} sharing this Redis and the PostgreSQL {@code schema};
     * a mutable map, for each test's own additions.
     */
    public java.util.Map<String, String> memberEnv(org.foundryrelay.config.Config.DatabaseConfig schema, String instanceId) {
        var env = new java.util.HashMap<String, String>();
        env.put("DB_TYPE", "postgres");
        env.put("DATABASE_URL", TestDatabases.PG_URL);
        env.put("DB_SCHEMA", schema.schema());
        env.put("REDIS_URL", url());
        env.put("INSTANCE_ID", instanceId);
        return env;
    }

    /** Starts (again) on the same port and waits until it accepts connections. */
    public void resume() {
        try {
            var command = new java.util.ArrayList<>(List.of("/usr/bin/redis-server", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
            command.addAll(options);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start /usr/bin/redis-server (scripts/test-prereqs installs it)", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    /** Kills the server (its data is gone, as after a crash without persistence). */
    public void stop() {
        if (process == null) return;
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }
}
