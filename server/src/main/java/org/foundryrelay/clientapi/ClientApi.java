package org.foundryrelay.clientapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Session;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.auth.Principal;
import org.foundryrelay.events.EventHub;
import org.foundryrelay.foundry.WorldSocket;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.json.Json;
import org.foundryrelay.routes.Forwarder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /ws/api} protocol: the upstream connection form (an API key in the first message, the
 * {@code x-api-key} header or the {@code token} query parameter; a world chosen by {@code clientId} or the
 * only one the key reaches), the welcome frame, keep-alive, the per-key socket cap, and the dispatch of
 * each frame to {@link SocketRequests} and {@link SocketSubscriptions}. Failures to connect close with
 * {@value #AUTH_FAILED} and a reason, as upstream clients expect.
 */
public final class ClientApi {
    private static final Logger LOG = LoggerFactory.getLogger(ClientApi.class);
    /** Any failure to authenticate or to pick a world (upstream's code). */
    static final int AUTH_FAILED = 4002;
    /** The client stopped reading and its send queue filled up. */
    static final int SLOW_READER = 4008;
    /** The key already holds as many sockets as allowed. */
    static final int TOO_MANY_SOCKETS = 4029;
    private static final long AUTH_TIMEOUT_MILLIS = 10_000;
    private static final long ABORT_AFTER_CLOSE_MILLIS = 5_000;

    private final ApiGuard guard;
    private final Forwarder forwarder;
    private final SocketRequests requests;
    private final SocketSubscriptions subscriptions;
    private final ScheduledExecutorService timers;
    private final Limits limits;
    private final Set<ClientSocket> sockets = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Set<ClientSocket>> byKey = new ConcurrentHashMap<>();
    private final AtomicLong slowReaders = new AtomicLong();

    /**
     * How much one client may hold.
     *
     * @param maxSocketsPerKey   open sockets per API key ({@code WS_API_MAX_SOCKETS_PER_KEY})
     * @param sendQueueChars     characters a socket may have waiting before it is closed as a slow reader
     * @param maxMessageBytes    largest message a client may send (as {@code MAX_BODY_SIZE_MB} for HTTP bodies)
     * @param pingMillis         ping period; a client silent for two periods is dropped
     */
    public record Limits(int maxSocketsPerKey, long sendQueueChars, long maxMessageBytes, long pingMillis) {}

    public ClientApi(ApiGuard guard, EventHub events, Forwarder forwarder,
                     ScheduledExecutorService timers, Limits limits) {
        this.guard = guard;
        this.forwarder = forwarder;
        this.requests = new SocketRequests(guard, forwarder);
        this.subscriptions = new SocketSubscriptions(guard, events);
        this.timers = timers;
        this.limits = limits;
    }

    /** Starts pinging client sockets. */
    public void start() {
        timers.scheduleWithFixedDelay(this::keepAlive, limits.pingMillis(), limits.pingMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes every client socket with 1012 (service restart), a code clients may answer by reconnecting. */
    public void shutdown() {
        for (var socket : sockets) socket.close(1012, "Relay restarting");
    }

    /** Open client sockets, authenticated or not. */
    public int openSockets() {
        return sockets.size();
    }

    /** Characters waiting in every client socket's send queue together. */
    public long queuedChars() {
        return sockets.stream().mapToLong(ClientSocket::queuedChars).sum();
    }

    /** Sockets closed so far because their client stopped reading. */
    public long slowReadersClosed() {
        return slowReaders.get();
    }

    ClientSocket newSocket(String presetKey, String presetClientId, String address) {
        return new ClientSocket(this, limits.sendQueueChars(), presetKey, presetClientId, address);
    }

    // --- lifecycle ---------------------------------------------------------------------------------------

    void opened(ClientSocket socket, Session session) {
        session.setMaxTextMessageSize(limits.maxMessageBytes());
        session.setMaxBinaryMessageSize(1024);
        // Pings keep a healthy socket busy; Jetty's own idle timeout must never cut in first.
        session.setIdleTimeout(Duration.ofMillis(Math.max(30_000, 3 * limits.pingMillis())));
        sockets.add(socket);
        if (socket.presetKey != null) {
            authenticate(socket, socket.presetKey, socket.presetClientId);
            return;
        }
        timers.schedule(() -> {
            if (!socket.authenticated()) socket.close(AUTH_FAILED, "Authentication timeout");
        }, AUTH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    void closed(ClientSocket socket, int code, String reason) {
        sockets.remove(socket);
        var key = socket.principal == null ? null : socket.principal.keyId();
        if (key != null) {
            byKey.computeIfPresent(key, (k, set) -> {
                set.remove(socket);
                return set.isEmpty() ? null : set;
            });
        }
        subscriptions.dropAll(socket);
        LOG.debug("client socket closed: key={} code={} reason={}", key, code, reason);
    }

    void overflowed(ClientSocket socket) {
        slowReaders.incrementAndGet();
        LOG.info("client socket of key {} stopped reading; closing it", socket.principal == null ? "-" : socket.principal.keyId());
        socket.close(SLOW_READER, "Send queue full: the client is not reading its messages");
        // A client that reads nothing never reads the close frame either.
        timers.schedule(() -> {
            if (socket.isOpen()) socket.abort();
        }, ABORT_AFTER_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
    }

    // --- frames ------------------------------------------------------------------------------------------

    void frame(ClientSocket socket, String text) {
        ObjectNode frame;
        try {
            var parsed = Json.parse(text);
            frame = parsed instanceof ObjectNode o ? o : null;
        } catch (Exception e) {
            frame = null;
        }
        if (!socket.authenticated()) {
            authMessage(socket, frame);
            return;
        }
        if (frame == null) {
            socket.offer(error(null, "Invalid JSON", 400));
            return;
        }
        var requestId = frame.get("requestId");
        var type = frame.path("type");
        if (!type.isTextual() || type.asText().isEmpty()) {
            socket.offer(error(requestId, "Missing \"type\" field", 400));
            return;
        }
        switch (type.asText()) {
            case "ping" -> socket.offer(Json.write(withRequestId(Json.object().put("type", "pong"), requestId)));
            case "auth" -> socket.offer(error(requestId, "Already authenticated", 400));
            case "subscribe" -> subscriptions.subscribe(socket, frame, requestId);
            case "unsubscribe" -> subscriptions.unsubscribe(socket, frame, requestId);
            default -> requests.request(socket, type.asText(), frame, requestId);
        }
    }

    void binary(ClientSocket socket) {
        socket.offer(error(null, "Binary messages are not supported; send JSON text", 400));
    }

    private void authMessage(ClientSocket socket, ObjectNode frame) {
        if (frame == null || !"auth".equals(frame.path("type").asText()) || !frame.path("token").isTextual()
                || frame.get("token").asText().isBlank()) {
            socket.close(AUTH_FAILED, "Invalid auth message");
            return;
        }
        var clientId = frame.path("clientId").isTextual() && !frame.get("clientId").asText().isEmpty()
                ? frame.get("clientId").asText() : socket.presetClientId;
        authenticate(socket, frame.get("token").asText(), clientId);
    }

    private void authenticate(ClientSocket socket, String key, String clientId) {
        Principal principal;
        try {
            principal = guard.require(key, socket.address(), null);
        } catch (ApiException e) {
            socket.close(AUTH_FAILED, e.getMessage());
            return;
        }
        var world = pickWorld(socket, principal, clientId);
        if (world == null) return;
        var admitted = new boolean[1];
        byKey.compute(principal.keyId(), (k, mine) -> {
            var set = mine != null ? mine : ConcurrentHashMap.<ClientSocket>newKeySet();
            if (set.size() < limits.maxSocketsPerKey()) admitted[0] = set.add(socket);
            return set;
        });
        if (!admitted[0]) {
            socket.close(TOO_MANY_SOCKETS, "Too many sockets for this API key (limit " + limits.maxSocketsPerKey() + ")");
            return;
        }
        socket.key = key;
        socket.clientId = world.clientId();
        socket.principal = principal;
        if (!socket.isOpen()) { // closed while authenticating: undo the count
            closed(socket, 1006, "closed during authentication");
            return;
        }
        var welcome = Json.object().put("type", "connected").put("clientId", world.clientId());
        var types = welcome.putArray("supportedTypes");
        requests.supportedTypes().forEach(types::add);
        var channels = welcome.putArray("eventChannels");
        subscriptions.channelNames().forEach(channels::add);
        socket.offer(Json.write(welcome));
    }

    // The world named, or the only one the key reaches (on this relay or, in a cluster, another); closes the
    // socket with upstream's reasons otherwise.
    private org.foundryrelay.foundry.WorldRef pickWorld(ClientSocket socket, Principal principal, String clientId) {
        if (clientId != null && !principal.mayReach(clientId)) {
            socket.close(AUTH_FAILED, "API key does not match the specified clientId");
            return null;
        }
        try {
            return forwarder.world(principal, clientId);
        } catch (org.foundryrelay.routes.CallRefused refused) {
            socket.close(AUTH_FAILED, switch (refused.reason()) {
                case NO_WORLD -> clientId != null ? "Invalid clientId" : "No connected Foundry client found";
                case AMBIGUOUS_WORLD -> "Multiple clients connected. Please specify clientId.";
                default -> refused.getMessage();
            });
            return null;
        }
    }

    private void keepAlive() {
        long now = System.currentTimeMillis();
        for (var socket : sockets) {
            if (now - socket.lastHeard() > 2 * limits.pingMillis()) socket.abort();
            else socket.ping();
        }
    }

    // --- frames the relay sends --------------------------------------------------------------------------

    /** {@code {"type":"error","requestId"?,"error","status"}}: a frame the relay refused, naming the problem. */
    static String error(JsonNode requestId, String message, int status) {
        return error(requestId, Json.error(message), status);
    }

    /** An error frame carrying every field of a refusal's body (such as {@code connectedClients}). */
    static String error(JsonNode requestId, ObjectNode body, int status) {
        var frame = withRequestId(Json.object().put("type", "error"), requestId);
        frame.setAll(body);
        frame.put("status", status);
        return Json.write(frame);
    }

    static ObjectNode withRequestId(ObjectNode frame, JsonNode requestId) {
        if (requestId != null && !requestId.isNull()) frame.set("requestId", requestId);
        return frame;
    }
}
