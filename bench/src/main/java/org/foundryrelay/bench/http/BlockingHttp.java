package org.foundryrelay.bench.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Blocking requests to a loopback port: one-off ones (health polls, set-up checks) on a fresh connection each, or in turn on a {@link Kept} one. */
public final class BlockingHttp {
    private BlockingHttp() {}

    /** A status and body. */
    public record Response(int status, String body) {}

    public static Response get(int port, String path, Map<String, String> headers, int timeoutMillis) throws IOException {
        return send(port, Requests.build("GET", path, "127.0.0.1:" + port, withClose(headers), null), timeoutMillis);
    }

    public static Response post(int port, String path, Map<String, String> headers, String json, int timeoutMillis)
            throws IOException {
        return send(port, Requests.build("POST", path, "127.0.0.1:" + port, withClose(headers), json), timeoutMillis);
    }

    private static Map<String, String> withClose(Map<String, String> headers) {
        var all = new java.util.LinkedHashMap<>(headers);
        all.put("Connection", "close");
        return all;
    }

    private static Response send(int port, byte[] request, int timeoutMillis) throws IOException {
        try (var socket = open(port, timeoutMillis)) {
            return exchange(socket, request).response();
        }
    }

    private static Socket open(int port, int timeoutMillis) throws IOException {
        var socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private record Exchanged(Response response, boolean closes) {}

    private static Exchanged exchange(Socket socket, byte[] request) throws IOException {
        socket.getOutputStream().write(request);
        var body = new ByteArrayOutputStream();
        var parser = new ResponseParser(body::write);
        var in = socket.getInputStream();
        var buf = new byte[8192];
        while (true) {
            int n = in.read(buf);
            if (n < 0) throw new IOException("connection closed before the response ended");
            if (parser.feed(ByteBuffer.wrap(buf, 0, n))) break;
        }
        return new Exchanged(new Response(parser.status(), body.toString(StandardCharsets.UTF_8)), parser.closes());
    }

    /**
     * One keep-alive connection to a loopback port for one thread's requests in turn, as a client's connection
     * pool keeps them: opened on first use, and again after a failure or a response that closes it.
     */
    public static final class Kept implements AutoCloseable {
        private final int port;
        private final int timeoutMillis;
        private Socket socket;

        public Kept(int port, int timeoutMillis) {
            this.port = port;
            this.timeoutMillis = timeoutMillis;
        }

        public Response post(String path, Map<String, String> headers, String json) throws IOException {
            if (socket == null) socket = open(port, timeoutMillis);
            try {
                var done = exchange(socket, Requests.build("POST", path, "127.0.0.1:" + port, headers, json));
                if (done.closes()) close();
                return done.response();
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() {
            if (socket == null) return;
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
            socket = null;
        }
    }
}
