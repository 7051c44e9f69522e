package org.foundryrelay.foundry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.foundryrelay.auth.ConnectionTokens;
import org.foundryrelay.auth.WorldDisconnector;
import org.foundryrelay.json.Json;
import org.foundryrelay.store.WorldRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connected worlds as the rest of the relay sees them: find a world, send it a call and get the
 * answer, hear of worlds coming and going and of what they push. The work is done by the parts it wires:
 * {@link WorldLogin}, {@link InboundDispatch}, {@link WorldRequests}, {@link WorldSweeper} and
 * {@link WorldConnections}, the listener of every socket.
 */
public final class WorldHub implements WorldDisconnector {
    private static final Logger LOG = LoggerFactory.getLogger(WorldHub.class);
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final int queueLimit;
    private final WorldRegistry registry = new WorldRegistry();
    private final List<WorldListener> listeners = new CopyOnWriteArrayList<>();
    private final WorldRequests requests;
    private final WorldSweeper sweeper;
    private final WorldConnections connections;
    private final WorldLogin login;
    private final ScheduledThreadPoolExecutor callTimeouts;
    private volatile WorldsElsewhere elsewhere = WorldsElsewhere.NONE;

    /**
     * @param pingMillis the keep-alive interval; a world silent for two is dropped
     * @param queueLimit messages one world may have waiting to be sent
     */
    public WorldHub(ConnectionTokens tokens, WorldRepository worlds, ScheduledExecutorService timers, Clock clock,
                    long pingMillis, int queueLimit) {
        this.timers = timers;
        this.clock = clock;
        this.queueLimit = queueLimit;
        // Call timeouts get a thread of their own: the relay's timers also write to the store, and a store that
        // hangs must not hold back a 408. Nearly every timeout is cancelled by its answer and leaves the queue.
        this.callTimeouts = new ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().daemon().name("call-timeouts").unstarted(r));
        callTimeouts.setRemoveOnCancelPolicy(true);
        var pending = new PendingRequests(clock, callTimeouts);
        this.requests = new WorldRequests(pending);
        this.sweeper = new WorldSweeper(registry, tokens, clock, pingMillis);
        this.login = new WorldLogin(tokens, registry, clock);
        this.connections = new WorldConnections(login,
                new InboundDispatch(pending, listeners), requests, registry, worlds, clock, listeners);
    }

    /** Starts the keep-alive and revocation checks. */
    public void start() {
        sweeper.start(timers);
        login.start(timers);
    }

    /**
     * Makes logins respect the worlds other relays of a cluster hold: a world connecting here under a client id
     * another relay holds is refused (another host) or replaces it there (same host) before auth-success.
     */
    public void admitThrough(WorldsElsewhere elsewhere) {
        this.elsewhere = elsewhere;
        login.checkAgainst(elsewhere);
    }

    /**
     * Closes the account's world with this code and reason wherever it is connected: its socket on this relay,
     * and the one another relay of the cluster holds (that relay is asked to). Returns how many sockets were
     * closed or asked to close. When the cluster cannot be asked only this relay's socket is closed.
     */
    public int closeWorld(String accountId, String clientId, int code, String reason) {
        int closed = 0;
        var socket = registry.find(accountId, clientId);
        if (socket != null) {
            LOG.info("disconnecting world: client={} reason={}", clientId, reason);
            socket.close(code, reason);
            closed++;
        }
        try {
            if (elsewhere.closeWorld(accountId, clientId, code, reason)) closed++;
        } catch (WorldsElsewhere.Unavailable e) {
            LOG.warn("could not ask the cluster to close world {}: {}", clientId, e.getMessage());
        }
        return closed;
    }

    /** Adds a listener told of worlds connecting and disconnecting and of the messages they push. */
    public void addListener(WorldListener listener) {
        listeners.add(listener);
    }

    WorldSocket newSocket(String clientId, WorldMeta meta, String remoteHost) {
        return new WorldSocket(connections, clientId, meta, queueLimit, clock, remoteHost);
    }

    /** The account's world with this client id, if connected. */
    public WorldSocket find(String accountId, String clientId) {
        return registry.find(accountId, clientId);
    }

    /** The account's connected worlds. */
    public List<WorldSocket> online(String accountId) {
        return registry.online(accountId);
    }

    /** Whether a world with this client id is connected under any account. */
    public boolean isOnline(String clientId) {
        return registry.isOnline(clientId);
    }

    /** Worlds connected to this relay, all accounts together. */
    public int onlineCount() {
        return registry.size();
    }

    /**
     * Sends {@code payload} (which gets {@code type} and a fresh {@code requestId}) and waits for the answer.
     * The future always completes normally: with the world's reply, or with a relay error reply when the
     * world's queue is full (503), the world disconnects first (502), or time runs out (408).
     */
    public CompletableFuture<Reply> request(WorldSocket world, String type, ObjectNode payload, long timeoutMillis) {
        return requests.request(world, type, payload, timeoutMillis);
    }

    /**
     * Like {@link #request}, for a payload already written as JSON text (a call another relay passed on): a
     * JSON object that carries its {@code type}; it is sent as it is, with a fresh {@code requestId} added.
     */
    public CompletableFuture<Reply> requestJson(WorldSocket world, String type, String payload, long timeoutMillis) {
        return requests.requestJson(world, type, payload, timeoutMillis);
    }

    /**
     * Like {@link #request}, for a message with one large string field produced while it is sent (an
     * upload's data URL): {@code payload} is sent without that field, then {@code field} is appended in
     * fragments by {@code writer}, so the message never exists whole in memory. The time to send counts
     * against the timeout.
     *
     * @param writer writes the field's JSON string content (no quotes; only characters that need no escaping)
     */
    public CompletableFuture<Reply> requestStreamed(WorldSocket world, String type, ObjectNode payload, String field,
                                                    FieldWriter writer, long timeoutMillis) {
        return requests.requestStreamed(world, type, payload, field, writer, timeoutMillis);
    }

    /** Produces a large string field in pieces. */
    @FunctionalInterface
    public interface FieldWriter {
        void write(Piece out) throws IOException;

        /** Receives the next piece of the field's content. */
        @FunctionalInterface
        interface Piece {
            void accept(String text) throws IOException;
        }
    }

    /** Sends a message that expects no answer (such as an event-subscription update). */
    public boolean send(WorldSocket world, JsonNode message) {
        return world.offer(Json.write(message));
    }

    /** Calls refused because a world's send queue was full, since start. */
    public long queueDrops() {
        return requests.queueDrops();
    }

    /** Calls waiting for a world's answer. */
    public int pendingCount() {
        return requests.pendingCount();
    }

    @Override
    public int disconnectToken(String tokenId, int closeCode, String reason) {
        return sweeper.disconnectToken(tokenId, closeCode, reason);
    }

    /**
     * Stops taking requests, lets those in flight finish for up to {@code graceMillis}, then closes every
     * world socket with 1012 (service restart), a code the module answers by reconnecting.
     */
    public void shutdown(long graceMillis) {
        requests.drain(graceMillis);
        for (var socket : registry.all()) socket.close(1012, "Relay restarting");
        // Give the close handshakes a moment, so worlds see 1012 rather than a dropped connection.
        long closeDeadline = System.nanoTime() + 2_000_000_000L;
        try {
            while (registry.size() > 0 && System.nanoTime() < closeDeadline) Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            callTimeouts.shutdownNow(); // a call made from now on ends 503 at once (see PendingRequests)
        }
    }
}
