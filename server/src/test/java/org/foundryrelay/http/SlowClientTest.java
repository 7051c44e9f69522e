package org.foundryrelay.http;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.Test;

/** Clients that dribble their request headers are closed; everyone else is served meanwhile. */
class SlowClientTest {

    private static Socket slow(int port, String from) throws IOException {
        var socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** True once the relay has closed the socket (a read sees end of stream or a reset). */
    private static boolean closed(Socket socket) {
        try {
            socket.setSoTimeout(1);
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static long openCount(List<Socket> sockets) {
        return sockets.stream().filter(s -> !closed(s)).count();
    }

    @Test
    void headersThatNeverFinishAreCutOffAfterTheHeaderTimeout() throws Exception {
        try (var relay = TestRelay.start(Map.of("HEADER_TIMEOUT_MS", "1000"))) {
            var port = relay.uri("/").getPort();
            var sockets = new ArrayList<Socket>();
            for (int i = 0; i < 5; i++) sockets.add(slow(port, "127.0.0.1"));
            long deadline = System.currentTimeMillis() + 15_000;
            while (openCount(sockets) > 0 && System.currentTimeMillis() < deadline) {
                for (var s : sockets) {
                    try {
                        s.getOutputStream().write('a'); // one byte at a time keeps the idle timeout from firing
                    } catch (IOException closedAlready) {
                        // counted by openCount
                    }
                }
                assertThat(Http.get(relay.uri("/health")).statusCode()).isEqualTo(200);
                Thread.sleep(200); // the dribble's pace, not a wait for a condition
            }
            assertThat(openCount(sockets)).isZero();
            for (var s : sockets) s.close();
        }
    }

    @Test
    void oneAddressMayHaveOnlyAFewRequestsWithHeadersInProgress() throws Exception {
        try (var relay = TestRelay.start(Map.of("HEADER_TIMEOUT_MS", "60000"))) {
            var port = relay.uri("/").getPort();
            var sockets = new ArrayList<Socket>();
            for (int i = 0; i < 30; i++) sockets.add(slow(port, "127.0.0.3"));
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> openCount(sockets) <= 16);
            assertThat(openCount(sockets)).isEqualTo(16);
            // Another address is not affected.
            var other = slow(port, "127.0.0.4");
            other.getOutputStream().write("a\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            other.setSoTimeout(5000);
            var answer = new String(other.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200");
            other.close();
            for (var s : sockets) s.close();
        }
    }
}
