package org.foundryrelay.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A relay in a JVM of its own, on a free loopback port, so that a test can kill it (SIGKILL) or stop it
 * (SIGTERM) as an operator would. Its output is drained; its data directory is deleted on close.
 */
public record SeparateRelay(Process process, int port, Path dir) implements AutoCloseable {

    /** Starts {@code serve} with {@code env} plus its own port, host and data directory; returns once healthy. */
    public static SeparateRelay start(String name, Map<String, String> env) throws Exception {
        int port = RedisServer.freePort();
        var dir = Files.createTempDirectory("relay-" + name);
        var all = new HashMap<>(env);
        all.put("PORT", Integer.toString(port));
        all.put("HOST", "127.0.0.1");
        all.put("DATA_DIR", dir.toString());
        var process = MainProcess.start(all, List.of(), "serve");
        Thread.ofVirtual().start(() -> drain(process.getInputStream()));
        Thread.ofVirtual().start(() -> drain(process.getErrorStream()));
        var relay = new SeparateRelay(process, port, dir);
        try {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> Http.get(relay.uri("/health")).statusCode() == 200);
        } catch (RuntimeException | Error e) {
            relay.close();
            throw e;
        }
        return relay;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static void drain(InputStream in) {
        try (in) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Kills the relay if it still runs, waits for it and deletes its data. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        TestRelay.deleteRecursively(dir);
    }
}
