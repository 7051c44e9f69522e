package org.foundryrelay.sim;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP request that opens a WebSocket, as the test WebSocket servers read it: the target and the
 * headers (names lower-cased), and the {@code 101} answer for it.
 */
public record UpgradeRequest(String target, Map<String, String> headers) {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** Reads the request head up to the blank line. */
    public static UpgradeRequest read(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) throw new EOFException("connection closed during the handshake");
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 16384) throw new IOException("handshake too large");
        }
        var lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        var headers = new LinkedHashMap<String, String>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        return new UpgradeRequest(lines[0].split(" ")[1], headers);
    }

    /** The {@code 101 Switching Protocols} answer with the accept key for this request's key. */
    public byte[] switchingProtocols() {
        try {
            var sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((headers.get("sec-websocket-key") + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(sha1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
