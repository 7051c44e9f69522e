package org.foundryrelay.bench.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One-off requests to a loopback port (health polls, set-up checks), on a fresh connection each. */
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
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
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
            return new Response(parser.status(), body.toString(StandardCharsets.UTF_8));
        }
    }
}
