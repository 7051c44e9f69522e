package org.foundryrelay.sim.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Request parsing and response writing on the JDK's HTTP server. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SESSION_COOKIE = "session";
    private static final int SESSION_SECONDS = 24 * 60 * 60;

    private Http() {}

    /** The body is larger than the route accepts. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("request body too large");
        }
    }

    static byte[] body(HttpExchange ex, int limit) throws IOException {
        try (var in = ex.getRequestBody()) {
            var bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) throw new TooLarge();
            return bytes;
        }
    }

    static boolean isJson(HttpExchange ex) {
        var type = ex.getRequestHeaders().getFirst("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    /** A JSON object body, or null when the body is not one. */
    static ObjectNode jsonObject(byte[] body) {
        try {
            return JSON.readTree(body) instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** An {@code application/x-www-form-urlencoded} body; the first value of a repeated name wins. */
    static Map<String, String> form(byte[] body) {
        var fields = new LinkedHashMap<String, String>();
        var text = new String(body, StandardCharsets.UTF_8);
        for (var pair : text.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            try {
                var name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                var value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fields.putIfAbsent(name, value);
            } catch (IllegalArgumentException malformed) {
                // a broken %-escape: skip that field, as a lenient server would
            }
        }
        return fields;
    }

    static Optional<String> cookie(HttpExchange ex, String name) {
        var headers = ex.getRequestHeaders().get("Cookie");
        if (headers == null) return Optional.empty();
        for (var header : headers) {
            for (var part : header.split(";")) {
                var trimmed = part.strip();
                if (trimmed.startsWith(name + "=")) return Optional.of(trimmed.substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    /** Sets Foundry's {@code session} cookie: host-only, HttpOnly, SameSite=Strict, one day. */
    static void setSessionCookie(HttpExchange ex, String id) {
        ex.getResponseHeaders().add("Set-Cookie", SESSION_COOKIE + "=" + id
                + "; Path=/; Max-Age=" + SESSION_SECONDS + "; HttpOnly; SameSite=Strict");
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void json(HttpExchange ex, int status, JsonNode node) throws IOException {
        send(ex, status, "application/json; charset=utf-8", write(node));
    }

    static void text(HttpExchange ex, int status, String text) throws IOException {
        send(ex, status, "text/plain; charset=utf-8", text);
    }

    /**
     * An HTML page. Its scripts must carry {@code nonce} (empty: the page has none): the policy allows no
     * other script, so markup that slipped through escaping still could not run code.
     */
    static void html(HttpExchange ex, int status, String html, String nonce) throws IOException {
        var scripts = nonce == null || nonce.isEmpty() ? "'none'" : "'nonce-" + nonce + "'";
        ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; script-src " + scripts
                + "; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; "
                + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
        send(ex, status, "text/html; charset=utf-8", html);
    }

    static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        var headers = ex.getResponseHeaders();
        headers.set("Content-Type", contentType);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (var out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(302, -1);
    }

    static void noContent(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(204, -1);
    }

    static void methodNotAllowed(HttpExchange ex, String allow) throws IOException {
        ex.getResponseHeaders().set("Allow", allow);
        text(ex, 405, "Method Not Allowed");
    }
}
