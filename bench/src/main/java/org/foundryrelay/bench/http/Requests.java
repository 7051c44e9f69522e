package org.foundryrelay.bench.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds the exact bytes of an HTTP/1.1 request once, so the load loop only copies them. */
public final class Requests {
    private Requests() {}

    /**
     * @param body JSON text, or null for none
     */
    public static byte[] build(String method, String pathAndQuery, String host, Map<String, String> headers, String body) {
        var sb = new StringBuilder(256).append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            sb.append("Content-Type: application/json\r\n").append("Content-Length: ").append(payload.length).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + payload.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(payload, 0, all, head.length, payload.length);
        return all;
    }
}
