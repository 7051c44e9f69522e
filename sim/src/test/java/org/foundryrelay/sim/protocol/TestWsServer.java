package org.foundryrelay.sim.protocol;

import org.foundryrelay.sim.UpgradeRequest;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal WebSocket server (RFC 6455 over a plain {@link ServerSocket}) standing in for the relay's
 * {@code /relay} endpoint, so connections can be tested against real sockets. The test thread plays
 * the relay through {@link Peer}: it reads what the client sent and decides what to send back.
 */
final class TestWsServer implements AutoCloseable {

    private final ServerSocket server;
    private final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
    private final List<Peer> all = new CopyOnWriteArrayList<>();
    private final Queue<Integer> rejections = new ConcurrentLinkedQueue<>();
    private final AtomicInteger handshakes = new AtomicInteger();

    TestWsServer() throws IOException {
        server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("test-ws-accept").start(this::acceptLoop);
    }

    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort();
    }

    /** Answers the next {@code times} upgrade requests with {@code httpStatus} instead of 101. */
    void rejectNext(int httpStatus, int times) {
        for (int i = 0; i < times; i++) rejections.add(httpStatus);
    }

    /** Upgrade requests seen so far, rejected ones included. */
    int handshakes() {
        return handshakes.get();
    }

    Peer nextPeer() throws InterruptedException {
        return nextPeer(Duration.ofSeconds(3));
    }

    Peer nextPeer(Duration timeout) throws InterruptedException {
        Peer peer = peers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (peer == null) throw new AssertionError("no WebSocket connection within " + timeout);
        return peer;
    }

    /** Whether no new connection arrives within {@code window}. */
    boolean noPeerWithin(Duration window) throws InterruptedException {
        return peers.poll(window.toMillis(), TimeUnit.MILLISECONDS) == null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Peer peer : all) peer.drop();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().name("test-ws-peer").start(() -> handshake(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handshake(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            var request = UpgradeRequest.read(in);
            handshakes.incrementAndGet();
            String target = request.target();
            Map<String, String> headers = new TreeMap<>(request.headers());
            Integer reject = rejections.poll();
            if (reject != null) {
                byte[] body = "Missing client ID".getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 " + reject + " Rejected\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                socket.close();
                return;
            }
            out.write(request.switchingProtocols());
            out.flush();
            int q = target.indexOf('?');
            var peer = new Peer(socket, q < 0 ? target : target.substring(0, q), q < 0 ? "" : target.substring(q + 1),
                    headers);
            all.add(peer);
            peers.add(peer);
            peer.readLoop();
        } catch (Exception e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }


    /** A frame the client sent; {@code opcode} -1 marks the end of the connection. */
    record Frame(int opcode, byte[] payload) {
        static final int TEXT = 1, CLOSE = 8, PING = 9, PONG = 10, EOF = -1;

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    /** The server side of one accepted WebSocket. */
    static final class Peer {
        final String path;
        final String query;
        /** Request headers, names lower-cased. */
        final Map<String, String> headers;
        private final Socket socket;
        private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        private volatile boolean closeSent;

        private Peer(Socket socket, String path, String query, Map<String, String> headers) {
            this.socket = socket;
            this.path = path;
            this.query = query;
            this.headers = headers;
        }

        /** The next frame from the client, text fragments already joined. */
        Frame nextFrame() throws InterruptedException {
            Frame frame = frames.poll(3, TimeUnit.SECONDS);
            if (frame == null) throw new AssertionError("client sent nothing within 3 s");
            return frame;
        }

        String nextText() throws InterruptedException {
            Frame frame = nextFrame();
            if (frame.opcode() != Frame.TEXT) throw new AssertionError("expected text, got opcode " + frame.opcode());
            return frame.text();
        }

        /** Whether the client sends nothing within {@code window}. */
        boolean silentFor(Duration window) throws InterruptedException {
            return frames.poll(window.toMillis(), TimeUnit.MILLISECONDS) == null;
        }

        void sendText(String text) throws IOException {
            writeFrame(true, Frame.TEXT, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Sends one text message split into frames at the given parts. */
        void sendFragmented(String... parts) throws IOException {
            for (int i = 0; i < parts.length; i++) {
                writeFrame(i == parts.length - 1, i == 0 ? Frame.TEXT : 0, parts[i].getBytes(StandardCharsets.UTF_8));
            }
        }

        void sendPing(String payload) throws IOException {
            writeFrame(true, Frame.PING, payload.getBytes(StandardCharsets.UTF_8));
        }

        void sendClose(int code, String reason) throws IOException {
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + text.length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(text, 0, payload, 2, text.length);
            closeSent = true;
            writeFrame(true, Frame.CLOSE, payload);
        }

        /** Drops the TCP connection without a close frame, like a crashed relay. */
        void drop() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        private synchronized void writeFrame(boolean fin, int opcode, byte[] payload) throws IOException {
            OutputStream out = socket.getOutputStream();
            var frame = new ByteArrayOutputStream(payload.length + 10);
            frame.write((fin ? 0x80 : 0) | opcode);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else if (payload.length < 65536) {
                frame.write(126);
                frame.write(payload.length >> 8);
                frame.write(payload.length);
            } else {
                frame.write(127);
                for (int shift = 56; shift >= 0; shift -= 8) frame.write((int) ((long) payload.length >> shift));
            }
            frame.write(payload);
            out.write(frame.toByteArray());
            out.flush();
        }

        private void readLoop() {
            try {
                var in = new DataInputStream(socket.getInputStream());
                ByteArrayOutputStream message = null;
                while (true) {
                    int b0 = in.readUnsignedByte();
                    int b1 = in.readUnsignedByte();
                    boolean fin = (b0 & 0x80) != 0;
                    int opcode = b0 & 0x0F;
                    if ((b1 & 0x80) == 0) throw new IOException("client frame not masked");
                    long length = b1 & 0x7F;
                    if (length == 126) length = in.readUnsignedShort();
                    else if (length == 127) length = in.readLong();
                    byte[] mask = in.readNBytes(4);
                    byte[] payload = in.readNBytes((int) length);
                    for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
                    switch (opcode) {
                        case Frame.TEXT, 0 -> {
                            if (message == null) message = new ByteArrayOutputStream();
                            message.write(payload);
                            if (fin) {
                                frames.add(new Frame(Frame.TEXT, message.toByteArray()));
                                message = null;
                            }
                        }
                        case Frame.CLOSE -> {
                            frames.add(new Frame(Frame.CLOSE, payload));
                            if (!closeSent) {
                                closeSent = true;
                                writeFrame(true, Frame.CLOSE, payload);
                            }
                            socket.close();
                            return;
                        }
                        case Frame.PING -> writeFrame(true, Frame.PONG, payload);
                        default -> frames.add(new Frame(opcode, payload));
                    }
                }
            } catch (IOException e) {
                drop();
            } finally {
                frames.add(new Frame(Frame.EOF, new byte[0]));
            }
        }
    }
}
