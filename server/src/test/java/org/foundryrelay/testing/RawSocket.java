package org.foundryrelay.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A bare-bones WebSocket client over a plain socket, for peers a browser would never be: one that binds
 * another loopback address (a second host), sends garbage, or stops reading altogether (a frozen tab).
 */
public final class RawSocket implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final int status;
    private final String head;

    /** A frame received: its opcode and payload; for close frames {@link #closeCode()} reads the code. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private RawSocket(Socket socket, String head) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.head = head;
        this.status = Integer.parseInt(head.split(" ")[1]);
    }

    /** Opens {@code path} on the relay from {@code localAddress} (e.g. 127.0.0.2) and reads the HTTP status. */
    public static RawSocket open(int port, String path, String localAddress) throws IOException {
        return open(port, path, localAddress, "");
    }

    /** As {@link #open(int, String, String)}, with extra header lines such as {@code "X-Forwarded-For: 203.0.113.9\r\n"}. */
    public static RawSocket open(int port, String path, String localAddress, String extraHeaders) throws IOException {
        var socket = new Socket();
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(15_000); // longer than the relay's 10 s auth timeout
        var key = new byte[16];
        new SecureRandom().nextBytes(key);
        var request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\n" + extraHeaders + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        return new RawSocket(socket, readHead(socket.getInputStream()));
    }

    private static String readHead(InputStream in) throws IOException {
        var buf = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) break;
            buf.write(b);
            matched = (b == '\r' || b == '\n') ? (matched + 1) : 0;
        }
        return buf.toString(StandardCharsets.US_ASCII);
    }

    public int status() {
        return status;
    }

    /** The response's headers, as sent. */
    public String head() {
        return head;
    }

    /** The body of a refused upgrade, as long as its {@code Content-Length} says. */
    public String body() throws IOException {
        var length = java.util.regex.Pattern.compile("(?im)^content-length: *(\\d+)").matcher(head);
        if (!length.find()) return "";
        return new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
    }

    public void sendText(String text) throws IOException {
        sendFrame(0x1, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends one masked frame with this opcode (0x0 continuation, 0x1 text, 0x2 binary, 0x9 ping, 0xA pong);
     * {@code fin} marks a message's last frame.
     */
    public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        var mask = new byte[4];
        new SecureRandom().nextBytes(mask);
        var frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        }
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) frame.write(payload[i] ^ mask[i % 4]);
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * Starts a masked text frame that announces {@code length} payload bytes and sends only the first
     * {@code sent} of them (zeros), as a peer streaming a huge frame would.
     */
    public void sendPartialFrame(long length, int sent) throws IOException {
        var head = new ByteArrayOutputStream();
        head.write(0x81);
        head.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) head.write((int) (length >>> shift) & 0xFF);
        head.write(new byte[4]); // a zero mask leaves the payload as sent
        out.write(head.toByteArray());
        out.write(new byte[sent]);
        out.flush();
    }

    /** The next data or close frame (pings are skipped, unanswered); null when the connection ends first. */
    public Frame next() throws IOException {
        while (true) {
            var f = nextFrame();
            if (f == null || (f.opcode() != 0x9 && f.opcode() != 0xA)) return f;
        }
    }

    /** The next frame of any kind, pings and pongs included; null when the connection ends first. */
    public Frame nextFrame() throws IOException {
        int b0;
        try {
            b0 = in.read();
        } catch (SocketTimeoutException e) {
            return null;
        }
        if (b0 < 0) return null;
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7F;
        if (len == 126) len = in.readUnsignedShort();
        else if (len == 127) len = in.readLong();
        var payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0 & 0x0F, payload);
    }

    /** Whether the relay has closed the TCP connection (reads end-of-stream within the timeout). */
    public boolean closedByPeer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            while (true) {
                if (in.read() < 0) return true;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
