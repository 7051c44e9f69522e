package org.foundryrelay.sim.web;

import org.foundryrelay.sim.UpgradeRequest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal WebSocket server (RFC 6455 over a plain {@link ServerSocket}) that plays the relay's
 * {@code /relay} endpoint for the game page's script: it accepts the upgrade, hands each connection to
 * the test, reads masked client frames and writes unmasked server frames. Text messages only, no
 * extensions.
 */
final class TestRelay implements AutoCloseable {

    private final ServerSocket server;
    private final BlockingQueue<Conn> accepted = new LinkedBlockingQueue<>();
    private final List<Conn> all = new CopyOnWriteArrayList<>();

    TestRelay() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("test-relay-accept").start(this::acceptLoop);
    }

    /** The address to configure as the module's relay URL. */
    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort();
    }

    /** The next upgraded connection; fails the test when none arrives in time. */
    Conn next(Duration timeout) throws InterruptedException {
        var conn = accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (conn == null) throw new AssertionError("no connection to the relay within " + timeout);
        return conn;
    }

    /** The next connection, or null when none arrives within {@code timeout}. */
    Conn poll(Duration timeout) throws InterruptedException {
        return accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many sockets were upgraded so far. */
    int connections() {
        return all.size();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (var conn : all) conn.abort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                var socket = server.accept();
                Thread.ofPlatform().daemon().name("test-relay-conn").start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try {
            var in = new BufferedInputStream(socket.getInputStream());
            var out = socket.getOutputStream();
            var request = UpgradeRequest.read(in);
            var target = request.target();
            var headers = request.headers();
            var key = headers.get("sec-websocket-key");
            if (key == null || !"websocket".equalsIgnoreCase(headers.get("upgrade"))) {
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.close();
                return;
            }
            out.write(request.switchingProtocols());
            out.flush();
            var conn = new Conn(socket, in, out, target, headers);
            all.add(conn);
            accepted.add(conn);
            conn.readLoop();
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }



    /** One upgraded connection, seen from the relay's side. */
    static final class Conn {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String path;
        private final String rawQuery;
        private final Map<String, String> headers;
        private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> peerClose = new CompletableFuture<>();
        private volatile boolean unmaskedFrameSeen;
        private volatile boolean closeSent;

        private Conn(Socket socket, InputStream in, OutputStream out, String target, Map<String, String> headers) {
            this.socket = socket;
            this.in = in;
            this.out = out;
            int q = target.indexOf('?');
            this.path = q < 0 ? target : target.substring(0, q);
            this.rawQuery = q < 0 ? "" : target.substring(q + 1);
            this.headers = Map.copyOf(headers);
        }

        String path() {
            return path;
        }

        String rawQuery() {
            return rawQuery;
        }

        /** Query parameters, decoded, in their order on the wire. */
        Map<String, String> query() {
            var params = new LinkedHashMap<String, String>();
            for (var pair : rawQuery.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return params;
        }

        /** A request header (lower-case name). */
        String header(String name) {
            return headers.get(name);
        }

        /** Whether every client frame was masked, as RFC 6455 requires of browsers. */
        boolean clientFramesMasked() {
            return !unmaskedFrameSeen;
        }

        String nextText(Duration timeout) throws InterruptedException {
            var text = texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (text == null) throw new AssertionError("no message from the page within " + timeout);
            return text;
        }

        JsonNode nextJson(Duration timeout) throws InterruptedException, IOException {
            return WebClient.JSON.readTree(nextText(timeout));
        }

        /** The next message that is not a keep-alive {@code ping}. */
        JsonNode nextNonPing(Duration timeout) throws InterruptedException, IOException {
            while (true) {
                var message = nextJson(timeout);
                if (!message.path("type").asText().equals("ping")) return message;
            }
        }

        /** The close code the page sent (1006 if the socket just dropped). */
        CompletableFuture<Integer> peerClose() {
            return peerClose;
        }

        void send(String text) throws IOException {
            writeFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Starts the closing handshake with {@code code}; the page's answer ends the socket. */
        void close(int code, String reason) throws IOException {
            var utf8 = reason.getBytes(StandardCharsets.UTF_8);
            var payload = new byte[2 + utf8.length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(utf8, 0, payload, 2, utf8.length);
            closeSent = true;
            writeFrame(0x8, payload);
        }

        void abort() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        private synchronized void writeFrame(int opcode, byte[] payload) throws IOException {
            out.write(0x80 | opcode);
            if (payload.length < 126) {
                out.write(payload.length);
            } else if (payload.length < 65536) {
                out.write(126);
                out.write(payload.length >> 8);
                out.write(payload.length);
            } else {
                out.write(127);
                long len = payload.length;
                for (int shift = 56; shift >= 0; shift -= 8) out.write((int) (len >> shift));
            }
            out.write(payload);
            out.flush();
        }

        private void readLoop() {
            var message = new ByteArrayOutputStream();
            try {
                while (true) {
                    int b0 = in.read();
                    if (b0 < 0) break;
                    int b1 = readByte();
                    boolean fin = (b0 & 0x80) != 0;
                    int opcode = b0 & 0x0F;
                    if ((b1 & 0x80) == 0) unmaskedFrameSeen = true;
                    long len = b1 & 0x7F;
                    if (len == 126) len = (readByte() << 8) | readByte();
                    else if (len == 127) {
                        len = 0;
                        for (int i = 0; i < 8; i++) len = (len << 8) | readByte();
                    }
                    var mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : new byte[4];
                    var payload = in.readNBytes((int) len);
                    if (payload.length != len) break;
                    for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
                    switch (opcode) {
                        case 0x0, 0x1 -> {
                            message.write(payload);
                            if (fin) {
                                texts.add(message.toString(StandardCharsets.UTF_8));
                                message.reset();
                            }
                        }
                        case 0x8 -> {
                            int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                            if (!closeSent) writeFrame(0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                            peerClose.complete(code);
                            abort();
                            return;
                        }
                        case 0x9 -> writeFrame(0xA, payload);
                        default -> { } // pong or reserved: nothing to do
                    }
                }
            } catch (IOException e) {
                // dropped
            } finally {
                peerClose.complete(1006);
                abort();
            }
        }

        private int readByte() throws IOException {
            int b = in.read();
            if (b < 0) throw new EOFException();
            return b;
        }
    }
}
