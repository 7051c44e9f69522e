package org.foundryrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RelayExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Requests Jetty refuses before any handler runs, malformed bodies and wrong methods: every one answered
 * with {@code {"error": ...}} JSON and a fitting status, never an HTML page, a 500 or a stack trace.
 */
class MalformedRequestTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of());

    private record Raw(int status, String headers, String body) {}

    private Raw send(byte[] request) throws IOException {
        try (var socket = new Socket("127.0.0.1", env.relay().uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            var out = new ByteArrayOutputStream();
            var in = socket.getInputStream();
            var buf = new byte[8192];
            int n;
            try {
                // Until the body announced by Content-Length is in (an upgrade refusal keeps the socket open).
                while (!complete(out.toString(StandardCharsets.ISO_8859_1)) && (n = in.read(buf)) > 0) out.write(buf, 0, n);
            } catch (java.net.SocketException reset) {
                // the server may reset after answering a request it refused; what was read counts
            }
            var text = out.toString(StandardCharsets.ISO_8859_1);
            var split = text.indexOf("\r\n\r\n");
            assertThat(split).as("a complete response to %s", new String(request, 0, Math.min(60, request.length))).isPositive();
            var statusLine = text.substring(0, text.indexOf("\r\n"));
            return new Raw(Integer.parseInt(statusLine.split(" ")[1]), text.substring(0, split).toLowerCase(),
                    text.substring(split + 4));
        }
    }

    private static boolean complete(String text) {
        var split = text.indexOf("\r\n\r\n");
        if (split < 0) return false;
        var m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text.substring(0, split));
        return m.find() && text.length() - split - 4 >= Integer.parseInt(m.group(1));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void assertJsonError(Raw r, int status) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.headers()).contains("content-type: application/json");
        assertThat(r.body().trim()).startsWith("{\"error\":\"").endsWith("}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/auth/pair", "/auth/pair-request", "/api/self-unpair"})
    void aBadChunkSizeIsAJson400WithAOneLineWarning(String path) throws IOException {
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        var logger = (Logger) LoggerFactory.getLogger(HttpServer.class);
        logger.addAppender(appender);
        try {
            var r = send(bytes("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n"));
            assertJsonError(r, 400);
            assertThat(appender.list).noneMatch(e -> e.getLevel() == Level.ERROR);
            assertThat(appender.list).allMatch(e -> e.getThrowableProxy() == null);
        } finally {
            logger.detachAppender(appender);
        }
    }

    static Stream<Arguments> jettyRejects() {
        var close = "Connection: close\r\n\r\n";
        return Stream.of(
                Arguments.of("dot segments", "GET /../x HTTP/1.1\r\nHost: x\r\n" + close, 400),
                Arguments.of("encoded dots", "GET /%2e%2e/x HTTP/1.1\r\nHost: x\r\n" + close, 400),
                Arguments.of("encoded NUL", "GET /a%00b HTTP/1.1\r\nHost: x\r\n" + close, 400),
                Arguments.of("negative length", "POST /roll HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n" + close, 400),
                Arguments.of("unknown version", "GET /health HTTP/9.9\r\nHost: x\r\n" + close, 505),
                Arguments.of("upgrade without id", "GET /relay HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jettyRejects")
    void jettyLevelRejectsAreJson(String label, String request, int status) throws IOException {
        assertJsonError(send(bytes(request)), status);
    }

    @Test
    void aNulInAHeaderIsAJson400() throws IOException {
        assertJsonError(send(bytes("GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\nConnection: close\r\n\r\n")), 400);
    }

    @Test
    void oversizedUrlsAndHeadersAreJson() throws IOException {
        assertJsonError(send(bytes("GET /" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 414);
        assertJsonError(send(bytes("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(100_000)
                + "\r\nConnection: close\r\n\r\n")), 431);
        var many = new StringBuilder("GET /health HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 2000; i++) many.append("X-H").append(i).append(": v\r\n");
        assertJsonError(send(bytes(many + "Connection: close\r\n\r\n")), 431);
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        var get = Http.get(env.relay().uri("/roll"));
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(get.body()).contains("\"error\":\"Method GET is not allowed on /roll\"");

        var post = Http.post(env.relay().uri("/encounters"), "{}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");

        assertThat(Http.get(env.relay().uri("/no/such/route")).statusCode()).isEqualTo(404);
    }
}
