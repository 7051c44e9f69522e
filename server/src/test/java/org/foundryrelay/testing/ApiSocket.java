package org.foundryrelay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.foundryrelay.json.Json;

/**
 * A {@code /ws/api} client on the JDK's WebSocket: collects every text message, and the close code and
 * reason once the relay closes.
 */
public final class ApiSocket implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final java.util.ArrayDeque<JsonNode> backlog = new java.util.ArrayDeque<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final WebSocket ws;
    private volatile boolean paused;

    private ApiSocket(String uri, String... headers) {
        var builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        for (int i = 0; i + 1 < headers.length; i += 2) builder.header(headers[i], headers[i + 1]);
        ws = builder.buildAsync(URI.create(uri), new Listener()).join();
    }

    /** Opens {@code /ws/api} with the query (may be empty) and headers, without authenticating. */
    public static ApiSocket open(TestRelay relay, String query, String... headers) {
        return new ApiSocket(relay.wsBase() + "/ws/api" + query, headers);
    }

    /** Opens and authenticates with the first message; returns once the welcome frame arrived. */
    public static ApiSocket connect(TestRelay relay, String key, String clientId) {
        var s = open(relay, "");
        var auth = Json.object().put("type", "auth").put("token", key);
        if (clientId != null) auth.put("clientId", clientId);
        s.send(Json.write(auth));
        var welcome = s.next(Duration.ofSeconds(5));
        if (welcome == null || !"connected".equals(welcome.path("type").asText())) {
            throw new AssertionError("no welcome: " + welcome + " close " + s.closeNow());
        }
        return s;
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(Json.parse(partial.toString()));
                } catch (Exception e) {
                    messages.add(Json.object().put("unparsable", partial.toString()));
                }
                partial.setLength(0);
            }
            if (!paused) webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error " + error);
        }
    }

    /** Stops reading: the relay's frames pile up in the network buffers, then in the relay. */
    public void pause() {
        paused = true;
    }

    /** Reads again. */
    public void resume() {
        paused = false;
        ws.request(1);
    }

    public void send(String text) {
        ws.sendText(text, true).join();
    }

    /** The next message, or null after {@code wait}. */
    public JsonNode next(Duration wait) {
        var held = backlog.poll();
        if (held != null) return held;
        try {
            return messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The next message matching {@code match}; null after {@code wait}. Messages passed over stay for
     * later {@code next} calls, in order.
     */
    public JsonNode next(Predicate<JsonNode> match, Duration wait) {
        for (var it = backlog.iterator(); it.hasNext(); ) {
            var m = it.next();
            if (match.test(m)) {
                it.remove();
                return m;
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        var passed = new java.util.ArrayList<JsonNode>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return null;
                var m = messages.poll(left, TimeUnit.NANOSECONDS);
                if (m == null) return null;
                if (match.test(m)) return m;
                passed.add(m);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            backlog.addAll(passed);
        }
    }

    /** Sends a frame and waits for the frame answering its {@code requestId}. */
    public JsonNode call(String frame) {
        String id;
        try {
            id = Json.parse(frame).path("requestId").asText();
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        send(frame);
        var reply = next(m -> id.equals(m.path("requestId").asText()), Duration.ofSeconds(10));
        if (reply == null) throw new AssertionError("no answer to " + frame);
        return reply;
    }

    /** "code reason" once the relay closed the socket, or null if it is still open after {@code wait}. */
    public String closedWithin(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private String closeNow() {
        return closedWithin(Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        ws.abort();
    }
}
