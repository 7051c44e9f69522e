package org.foundryrelay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Debian's nginx in front of some relays, on a free loopback port, with the configuration docs/DEPLOY.md shows. */
public final class Nginx implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    private Nginx(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts nginx balancing round-robin over the given relays. */
    public static Nginx inFrontOf(List<Integer> relayPorts) {
        return inFrontOf(relayPorts, List.of());
    }

    /**
     * Starts nginx sending everything to {@code relayPorts} (round-robin) while one of them is up, and to
     * {@code backupPorts} only when none is: a test knows which relay a world lands on first.
     */
    public static Nginx inFrontOf(List<Integer> relayPorts, List<Integer> backupPorts) {
        try {
            var dir = Files.createTempDirectory("nginx-test");
            for (var sub : List.of("body", "proxy", "fastcgi", "uwsgi", "scgi")) {
                var d = Files.createDirectories(dir.resolve("tmp").resolve(sub));
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(dir.resolve("tmp"), PosixFilePermissions.fromString("rwxr-xr-x"));
            int port = RedisServer.freePort();
            String template;
            try (var in = Nginx.class.getResourceAsStream("/nginx/cluster.conf")) {
                template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            var conf = template.replace("@PREFIX@", dir.toString()).replace("@LISTEN@", Integer.toString(port))
                    .replace("@UPSTREAMS@", java.util.stream.Stream.concat(
                                    relayPorts.stream().map(p -> "server 127.0.0.1:" + p + ";"),
                                    backupPorts.stream().map(p -> "server 127.0.0.1:" + p + " backup;"))
                            .collect(Collectors.joining("\n        ")));
            var file = dir.resolve("nginx.conf");
            Files.writeString(file, conf);
            var process = new ProcessBuilder(List.of("/usr/sbin/nginx", "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                    "-c", file.toString(), "-g", "daemon off;"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && process.isAlive()) {
                try (var s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new Nginx(dir, port, process);
                } catch (IOException notYet) {
                    Thread.onSpinWait();
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("stdout.log")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start /usr/sbin/nginx (scripts/test-prereqs installs it)", e);
        }
    }

    public int port() {
        return port;
    }

    public String http() {
        return "http://127.0.0.1:" + port;
    }

    public String ws() {
        return "ws://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TestRelay.deleteRecursively(dir);
    }
}
