package org.foundryrelay.bench.proc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's nginx as the load balancer in front of some relays, configured as docs/DEPLOY.md shows (WebSocket
 * upgrade, no buffering, long read timeouts), with room for thousands of sockets. The first relays get
 * everything while one of them is up; the backups take over only when none is, as a crash sends worlds on.
 */
public final class NginxProcess implements AutoCloseable {
    /** Where Debian puts it; the bench uses nginx only when it is there. */
    public static final Path BINARY = Path.of("/usr/sbin/nginx");

    private static final String CONF = """
            worker_processes 1;
            pid @PREFIX@/nginx.pid;
            error_log @PREFIX@/error.log warn;
            events { worker_connections 16000; }   # two per proxied socket; within the usual 20,000 open files

            http {
                access_log off;
                client_body_temp_path @PREFIX@/tmp;
                proxy_temp_path @PREFIX@/tmp;
                fastcgi_temp_path @PREFIX@/tmp;
                uwsgi_temp_path @PREFIX@/tmp;
                scgi_temp_path @PREFIX@/tmp;

                upstream relays {
                    @UPSTREAMS@
                    keepalive 32;
                }

                map $http_upgrade $connection_upgrade {
                    default upgrade;
                    ''      '';
                }

                server {
                    listen 127.0.0.1:@LISTEN@ backlog=8192;
                    location / {
                        proxy_pass http://relays;
                        proxy_http_version 1.1;
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_read_timeout 120s;
                        proxy_send_timeout 120s;
                        proxy_buffering off;
                        proxy_request_buffering off;
                    }
                }
            }
            """;

    private final Process process;
    private final int port;

    private NginxProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Starts nginx in {@code dir}, sending to {@code primaryPorts} (round-robin) and to {@code backupPorts} when they are all down. */
    public static NginxProcess start(Path dir, List<Integer> primaryPorts, List<Integer> backupPorts)
            throws IOException, InterruptedException {
        // Workers run as an unprivileged user when nginx is started as root: they must be able to use the temp directory.
        Files.createDirectories(dir.resolve("tmp"));
        Files.setPosixFilePermissions(dir.resolve("tmp"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var upstreams = java.util.stream.Stream.concat(
                primaryPorts.stream().map(p -> "server 127.0.0.1:" + p + ";"),
                backupPorts.stream().map(p -> "server 127.0.0.1:" + p + " backup;")).collect(Collectors.joining("\n        "));
        var conf = dir.resolve("nginx.conf");
        Files.writeString(conf, CONF.replace("@PREFIX@", dir.toString()).replace("@LISTEN@", Integer.toString(port))
                .replace("@UPSTREAMS@", upstreams));
        var process = new ProcessBuilder(BINARY.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", conf.toString(), "-g", "daemon off;").redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        var nginx = new NginxProcess(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return nginx;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        nginx.close();
        throw new IOException("nginx did not start; see " + dir.resolve("stdout.log") + " and error.log");
    }

    public int port() {
        return port;
    }

    /** nginx's master and worker processes' CPU so far. */
    public long cpuNanos() {
        long total = ProcStats.read(process.pid()).cpuNanos();
        for (var child : process.children().toList()) total += ProcStats.read(child.pid()).cpuNanos();
        return total;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
