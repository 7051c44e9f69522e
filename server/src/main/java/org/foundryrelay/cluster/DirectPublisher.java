package org.foundryrelay.cluster;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes calls and replies by writing {@code PUBLISH} to Redis from the calling thread, on a connection of
 * its own that asked Redis for no replies ({@code CLIENT REPLY OFF}). Through Lettuce each publish is handed
 * to its I/O thread, which wakes to write it and again to read the reply; here a publish is one write by the
 * thread that has the message, which is most of what a call through another relay costs beyond a direct one.
 * Without replies the number of listeners is not known: a holder that is gone is found by the calling relay's
 * watch instead, within a quarter second. The connection is made on first use and again after a failure;
 * plain {@code redis://} only (a {@code rediss://} cluster publishes through Lettuce).
 */
final class DirectPublisher implements Publishing, AutoCloseable {
    private static final int TIMEOUT_MILLIS = 1_000;

    private final RedisURI uri;
    private final ReentrantLock lock = new ReentrantLock();
    private Socket socket;
    private OutputStream out;

    DirectPublisher(RedisURI uri) {
        this.uri = uri;
    }

    /** Completes with -1 (listeners not known) once written, or exceptionally when Redis cannot be written to. */
    @Override
    public CompletableFuture<Long> publish(String channel, String message) {
        var frame = command("PUBLISH", channel, message);
        lock.lock();
        try {
            if (out == null) open();
            out.write(frame);
            return CompletableFuture.completedFuture(-1L);
        } catch (IOException e) {
            drop();
            return CompletableFuture.failedFuture(e);
        } finally {
            lock.unlock();
        }
    }

    /** A command in Redis' protocol: an array of bulk strings. */
    private static byte[] command(String... args) {
        var buf = new ByteArrayOutputStream(64 + args[args.length - 1].length());
        buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (var a : args) {
            var bytes = a.getBytes(StandardCharsets.UTF_8);
            buf.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.writeBytes(bytes);
            buf.write('\r');
            buf.write('\n');
        }
        return buf.toByteArray();
    }

    // Logs in and selects the database as Lettuce does for the same URL, reading those replies, then turns replies off.
    private void open() throws IOException {
        var s = new Socket();
        try {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), TIMEOUT_MILLIS);
            s.setTcpNoDelay(true);
            s.setSoTimeout(TIMEOUT_MILLIS);
            var o = s.getOutputStream();
            var in = new BufferedInputStream(s.getInputStream());
            var credentials = uri.getCredentialsProvider() == null ? null
                    : uri.getCredentialsProvider().resolveCredentials().block();
            if (credentials != null && credentials.hasPassword()) call(o, in, auth(credentials));
            if (uri.getDatabase() != 0) call(o, in, "SELECT", Integer.toString(uri.getDatabase()));
            o.write(command("CLIENT", "REPLY", "OFF"));
            s.setSoTimeout(0);
            socket = s;
            out = o;
            // Redis sends nothing more on this connection: anything read is its end, noticed at once rather
            // than by a later write that the kernel accepts and the dead peer never reads.
            Thread.ofVirtual().name("redis-publish-watch").start(() -> awaitEnd(s, in));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    private static String[] auth(RedisCredentials credentials) {
        var password = new String(credentials.getPassword());
        return credentials.hasUsername() ? new String[] {"AUTH", credentials.getUsername(), password}
                : new String[] {"AUTH", password};
    }

    private static void call(OutputStream o, InputStream in, String... args) throws IOException {
        o.write(command(args));
        var line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) throw new IOException("Redis closed the connection");
            if (b != '\r') line.append((char) b);
        }
        // The reply to AUTH never echoes the password; an error names the command only.
        if (line.isEmpty() || line.charAt(0) == '-') throw new IOException(args[0] + " refused: " + line);
    }

    private void awaitEnd(Socket s, InputStream in) {
        try {
            while (in.read() >= 0) {
                // nothing is expected; keep reading until the connection ends
            }
        } catch (IOException e) {
            // ended
        }
        lock.lock();
        try {
            if (socket == s) drop();
        } finally {
            lock.unlock();
        }
    }

    private void drop() {
        var s = socket;
        socket = null;
        out = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            drop();
        } finally {
            lock.unlock();
        }
    }
}
