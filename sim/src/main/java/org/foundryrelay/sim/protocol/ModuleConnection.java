package org.foundryrelay.sim.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.foundryrelay.sim.protocol.ConnectionStatus.Authenticating;
import org.foundryrelay.sim.protocol.ConnectionStatus.Connected;
import org.foundryrelay.sim.protocol.ConnectionStatus.Connecting;
import org.foundryrelay.sim.protocol.ConnectionStatus.Idle;
import org.foundryrelay.sim.protocol.ConnectionStatus.StopReason;
import org.foundryrelay.sim.protocol.ConnectionStatus.Stopped;
import org.foundryrelay.sim.protocol.ConnectionStatus.WaitReason;
import org.foundryrelay.sim.protocol.ConnectionStatus.Waiting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The module's relay connection for one simulated world: connects to {@code /relay}, authenticates
 * with the connection token as first message, serves the relay's messages through a
 * {@link ModuleEndpoint}, keeps the link alive with JSON pings and reconnects the way the module does.
 *
 * <p>All connections of a process share one {@link SimNetwork}; a connection itself owns no thread.
 * State changes happen under this object's monitor; status listeners run there too, on a network or
 * timer thread, so they must be quick.
 */
public final class ModuleConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModuleConnection.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final SimNetwork network;
    private final String relayUrl;
    private final String clientId;
    private final ModuleEndpoint endpoint;
    private final ConnectionOptions options;

    private String token;
    private ConnectionStatus status = new Idle();
    private int attempts;
    private CloseInfo lastClose;
    private boolean closing;
    private ScheduledFuture<?> timer;
    private List<Consumer<ConnectionStatus>> listeners = List.of();
    /** The socket that counts; callbacks from any other are stale. Read without the lock by the outbox. */
    private volatile Link current;

    /**
     * @param relayUrl the relay as configured in the module ({@code ws://host:port}, with or without
     *                 {@code /relay}; http(s) also accepted)
     * @param clientId the world's relay-assigned id ({@code ?id=})
     * @param token    the connection token sent in the {@code auth} message
     */
    public ModuleConnection(SimNetwork network, String relayUrl, String clientId, String token,
                            ModuleEndpoint endpoint, ConnectionOptions options) {
        this.network = Objects.requireNonNull(network, "network");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.options = Objects.requireNonNull(options, "options");
        if (clientId == null || clientId.isEmpty()) throw new IllegalArgumentException("clientId is required");
        if (token == null || token.isEmpty()) throw new IllegalArgumentException("token is required");
        RelayUrls.webSocketBase(relayUrl); // fail fast on a malformed relay URL
        this.relayUrl = relayUrl;
        this.clientId = clientId;
        this.token = token;
    }

    /** Begins connecting. Only valid once, from {@link Idle}. */
    public synchronized void start() {
        if (!(status instanceof Idle)) throw new IllegalStateException("already started: " + status.describe());
        connect();
    }

    /**
     * Starts a fresh series of attempts after the connection {@link Stopped stopped} on its own (not
     * after {@link #close()}), e.g. once the world was paired again.
     *
     * @param newToken the token to use, or null to keep the current one
     */
    public synchronized void restart(String newToken) {
        if (closing) throw new IllegalStateException("closed");
        if (!(status instanceof Stopped)) throw new IllegalStateException("not stopped: " + status.describe());
        if (newToken != null && !newToken.isEmpty()) token = newToken;
        if (token == null) throw new IllegalStateException("the token was forgotten; pass a new one");
        attempts = 0;
        connect();
    }

    /**
     * Ends a {@link Waiting} period early, like the module retrying at once when another GM leaves.
     *
     * @return whether a connect was started
     */
    public synchronized boolean retryNow() {
        if (!(status instanceof Waiting) || closing) return false;
        cancelTimer();
        connect();
        return true;
    }

    /** Disconnects with close 1000 "Disconnecting" and stays stopped. Idempotent. */
    @Override
    public void close() {
        Link link;
        synchronized (this) {
            if (closing) return;
            closing = true;
            cancelTimer();
            link = current;
            current = null;
            if (link != null) link.stopPinger();
            endpoint.attach(null);
            setStatus(new Stopped(StopReason.CLOSED));
        }
        if (link != null) link.closeGracefully(network.scheduler(), CLOSE_GRACE);
    }

    public String clientId() {
        return clientId;
    }

    public ModuleEndpoint endpoint() {
        return endpoint;
    }

    public synchronized ConnectionStatus status() {
        return status;
    }

    /** Failed attempts since the last {@code auth-success} (the module's reconnect counter). */
    public synchronized int attempts() {
        return attempts;
    }

    /** How the last socket ended, or null if none has ended yet. */
    public synchronized CloseInfo lastClose() {
        return lastClose;
    }

    /** Whether the token was dropped after a permanent auth failure (1008, 4001, 4002). */
    public synchronized boolean tokenForgotten() {
        return token == null;
    }

    /** Registers a listener called with every new status, in order, while the state lock is held. */
    public synchronized void addStatusListener(Consumer<ConnectionStatus> listener) {
        var copy = new ArrayList<>(listeners);
        copy.add(Objects.requireNonNull(listener));
        listeners = List.copyOf(copy);
    }

    /** Waits until the connection is {@link Connected}; false on timeout. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return awaitStatus(s -> s instanceof Connected, timeout);
    }

    /** Waits until the status matches {@code condition}; false on timeout. */
    public synchronized boolean awaitStatus(Predicate<? super ConnectionStatus> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(status)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    // ---- transitions (under the lock) ----

    private void connect() {
        var link = new Link(this, network.callbacks());
        current = link;
        setStatus(new Connecting(attempts));
        URI uri = RelayUrls.relayUri(relayUrl, clientId, endpoint.info());
        try {
            WebSocket.Builder builder = network.http().newWebSocketBuilder().connectTimeout(options.connectTimeout());
            if (options.origin() != null) builder.header("Origin", options.origin());
            builder.buildAsync(uri, link).whenComplete((ws, error) -> {
                if (error != null) closed(link, CloseReaction.ABNORMAL, Link.describe(error));
            });
        } catch (RuntimeException e) {
            closed(link, CloseReaction.ABNORMAL, Link.describe(e));
        }
    }

    synchronized void opened(Link link, WebSocket ws) {
        if (link != current) {
            ws.abort(); // closed or superseded while the handshake ran
            return;
        }
        setStatus(new Authenticating());
        link.send(Json.auth(token));
    }

    void received(Link link, String text) {
        ObjectNode message = Json.parseObject(text);
        if (message == null) {
            log.debug("{}: ignoring non-object message", clientId);
            return;
        }
        String type = message.path("type").asText("");
        synchronized (this) {
            if (link != current) return;
            if (status instanceof Authenticating) {
                // Until auth-success the module ignores everything else.
                if (type.equals("auth-success")) authenticated(link);
                return;
            }
            if (!(status instanceof Connected)) return;
        }
        // The endpoint runs outside the lock: it may be slow, and may push through the outbox.
        switch (type) {
            case "ping" -> link.send(Json.PONG);
            case "pong", "auth-success" -> { } // answer to our keep-alive / nothing to do
            default -> {
                ObjectNode reply = endpoint.handle(message);
                if (reply != null) link.send(Json.write(reply));
            }
        }
    }

    private void authenticated(Link link) {
        attempts = 0;
        setStatus(new Connected());
        link.send(Json.PING);
        link.send(Json.write(endpoint.playerList()));
        endpoint.attach(pushed -> {
            if (current == link) link.send(Json.write(pushed));
        });
        link.startPinger(network.scheduler(), options.pingInterval());
    }

    synchronized void closed(Link link, int code, String reason) {
        if (link != current) return;
        current = null;
        link.stopPinger();
        endpoint.attach(null);
        lastClose = new CloseInfo(code, reason == null ? "" : reason);
        log.debug("{}: socket ended {} {}", clientId, code, reason);
        switch (CloseReaction.forCode(code)) {
            case STOP -> setStatus(new Stopped(StopReason.NORMAL_CLOSURE));
            case FORGET_TOKEN -> {
                token = null;
                setStatus(new Stopped(StopReason.AUTH_REJECTED));
            }
            case RETRY_LATER -> waitThenConnect(options.duplicateRetryDelay(), WaitReason.DUPLICATE);
            case RECONNECT -> {
                attempts++;
                options.backoff().delayFor(attempts).ifPresentOrElse(
                        delay -> waitThenConnect(delay, WaitReason.BACKOFF),
                        () -> setStatus(new Stopped(StopReason.GAVE_UP)));
            }
        }
    }

    private void waitThenConnect(Duration delay, WaitReason reason) {
        setStatus(new Waiting(delay, reason));
        timer = network.scheduler().schedule(this::timerFired, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void timerFired() {
        timer = null;
        if (!closing && status instanceof Waiting) connect();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void setStatus(ConnectionStatus next) {
        status = next;
        notifyAll();
        for (var listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.warn("status listener failed", e);
            }
        }
    }

    @Override
    public synchronized String toString() {
        return "ModuleConnection[" + clientId + ", " + status.describe() + "]";
    }
}
