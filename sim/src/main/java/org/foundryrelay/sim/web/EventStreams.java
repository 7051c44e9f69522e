package org.foundryrelay.sim.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.foundryrelay.sim.protocol.ModuleEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /bridge/events} Server-Sent Event streams of open game pages, and the outbox the running
 * world pushes into.
 *
 * <p>A push made while the bridge handles a relay message (on that request's thread, inside the
 * world's lock) is captured and returned with the reply instead, so the relay sees it before the reply
 * exactly as from the module; any other push (a chat roll typed in Foundry, say) goes to the streams
 * of that world's Gamemaster pages. Every page holds a stream, which is also how the front knows who is
 * logged in, and how a page learns that its session ended.
 */
final class EventStreams implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);
    private static final int QUEUE_LIMIT = 1024;
    private static final ThreadLocal<List<ObjectNode>> CAPTURE = new ThreadLocal<>();

    /** What a stream writes next. */
    private sealed interface Frame {}

    private record Message(String json) implements Frame {}

    /** Ends the stream; with a reason the page is told its session ended and goes back to {@code /join}. */
    private record End(String reason) implements Frame {}

    private record Subscriber(Session session, BlockingQueue<Frame> queue) {}

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    /** The outbox to attach to the world {@code worldId} while it runs. */
    Consumer<ObjectNode> outbox(String worldId) {
        return pushed -> {
            var captured = CAPTURE.get();
            if (captured != null) {
                captured.add(pushed.deepCopy());
                return;
            }
            var frame = new Message(Http.write(pushed));
            for (var sub : subscribers) {
                if (sub.session().worldId().equals(worldId) && sub.session().isFullGm() && !sub.queue().offer(frame)) {
                    log.warn("event stream of {} is full; dropping a {}", sub.session().userName(), pushed.path("type"));
                }
            }
        };
    }

    /** Hands {@code message} to the world; returns what to send to the relay, pushes first, reply last. */
    List<ObjectNode> handle(ModuleEndpoint world, ObjectNode message) {
        var out = new ArrayList<ObjectNode>();
        CAPTURE.set(out);
        ObjectNode reply;
        try {
            reply = world.handle(message);
        } finally {
            CAPTURE.remove();
        }
        if (reply != null) out.add(reply);
        return out;
    }

    /** Whether {@code userId} has a game page of {@code worldId} open. */
    boolean isPresent(String worldId, String userId) {
        return subscribers.stream().anyMatch(s -> s.session().worldId().equals(worldId)
                && s.session().userId().equals(userId));
    }

    Set<String> presentUsers(String worldId) {
        var users = new TreeSet<String>();
        for (var sub : subscribers) if (sub.session().worldId().equals(worldId)) users.add(sub.session().userId());
        return users;
    }

    /** Tells the pages of {@code session} that it ended ({@code reason} is shown to the user). */
    void end(Session session, String reason) {
        for (var sub : subscribers) {
            if (sub.session().id().equals(session.id())) sub.queue().offer(new End(reason));
        }
    }

    /** Serves one stream until its session ends, the client goes away or the front closes. */
    void serve(HttpExchange ex, Session session) throws IOException {
        var sub = new Subscriber(session, new LinkedBlockingQueue<>(QUEUE_LIMIT));
        var headers = ex.getResponseHeaders();
        headers.set("Content-Type", "text/event-stream; charset=utf-8");
        headers.set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        subscribers.add(sub);
        try (var out = ex.getResponseBody()) {
            write(out, "retry: 1000\n: connected\n\n");
            while (true) {
                var frame = sub.queue().poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                switch (frame) {
                    case null -> write(out, ": keep-alive\n\n"); // also how a closed page is noticed
                    case Message m -> write(out, "data: " + m.json() + "\n\n");
                    case End e -> {
                        if (e.reason() != null) write(out, "event: session-ended\ndata: " + e.reason() + "\n\n");
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            subscribers.remove(sub);
        }
    }

    /** Ends every stream without notice (the front is stopping). */
    @Override
    public void close() {
        for (var sub : subscribers) sub.queue().offer(new End(null));
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
