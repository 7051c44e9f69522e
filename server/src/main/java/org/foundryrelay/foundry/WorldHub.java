package org.foundryrelay.foundry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.auth.ConnectionTokens;
import org.foundryrelay.auth.IpRules;
import org.foundryrelay.auth.WorldDisconnector;
import org.foundryrelay.json.Json;
import org.foundryrelay.store.WorldRecord;
import org.foundryrelay.store.WorldRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's side of the module protocol: authenticates world sockets, keeps them alive, forwards
 * requests to them and matches their answers by requestId, and hands pushed messages to listeners.
 */
public final class WorldHub implements WorldDisconnector {
    private static final Logger LOG = LoggerFactory.getLogger(WorldHub.class);
    private final java.util.concurrent.atomic.AtomicLong queueDrops = new java.util.concurrent.atomic.AtomicLong();
    private static final long AUTH_TIMEOUT_MILLIS = 10_000;
    private static final String AUTH_SUCCESS = "{\"type\":\"auth-success\"}";
    private static final String PONG = "{\"type\":\"pong\"}";

    private final ConnectionTokens tokens;
    private final WorldRepository worlds;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final long pingMillis;
    private final int queueLimit;
    private final WorldRegistry registry = new WorldRegistry();
    private final PendingRequests pending;
    private final List<WorldListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean draining;
    private long revocationsCheckedAt;

    public WorldHub(ConnectionTokens tokens, WorldRepository worlds, ScheduledExecutorService timers, Clock clock,
                    long pingMillis, int queueLimit) {
        this.tokens = tokens;
        this.worlds = worlds;
        this.timers = timers;
        this.clock = clock;
        this.pending = new PendingRequests(clock);
        this.pingMillis = pingMillis;
        this.queueLimit = queueLimit;
        this.revocationsCheckedAt = clock.millis();
    }

    /** Starts the keep-alive and revocation checks. */
    public void start() {
        timers.scheduleWithFixedDelay(this::keepAlive, pingMillis, pingMillis, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::closeRevoked, 500, 500, TimeUnit.MILLISECONDS);
    }

    public void addListener(WorldListener listener) {
        listeners.add(listener);
    }

    WorldSocket newSocket(String clientId, WorldMeta meta) {
        return new WorldSocket(this, clientId, meta, queueLimit, clock);
    }

    // --- lifecycle of one socket -------------------------------------------------------------------

    void opened(WorldSocket socket) {
        timers.schedule(() -> {
            if (socket.accountId() == null && socket.isOpen()) refuse(socket, 4002, "Authentication timeout");
        }, AUTH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    void authenticate(WorldSocket socket, String text) {
        String token = null;
        try {
            var msg = Json.parse(text);
            if ("auth".equals(msg.path("type").asText()) && msg.path("token").isTextual()) token = msg.get("token").asText();
        } catch (Exception e) {
            // malformed: refused below
        }
        if (token == null || token.isBlank()) {
            refuse(socket, 4002, "Invalid auth message");
            return;
        }
        var found = tokens.find(token);
        if (found.isEmpty()) {
            refuse(socket, 1008, "Authentication failed");
            return;
        }
        var record = found.get();
        if (!IpRules.allows(record.allowedIps(), socket.remoteHost())) {
            refuse(socket, 4002, "IP address not allowed");
            return;
        }
        if (!tokens.bind(record, socket.clientId())) {
            refuse(socket, 4002, "Connection token belongs to another world; pair this world again");
            return;
        }
        switch (registry.register(record.accountId(), socket)) {
            case WorldRegistry.Outcome.Duplicate d -> {
                refuse(socket, 4004, "Client ID already connected");
                return;
            }
            case WorldRegistry.Outcome.Registered r -> {
                socket.authenticated(new WorldSocket.Identity(record.accountId(), record.id()));
                if (r.replaced() != null) {
                    LOG.info("world disconnected: client={} reason=replaced by a reconnect from {}", socket.clientId(),
                            socket.remoteHost());
                    r.replaced().close(1000, "Replaced by reconnect");
                }
            }
        }
        socket.offer(AUTH_SUCCESS);
        remember(socket);
        tokens.touch(record.id());
        LOG.info("world connected: client={} account={} world={}", socket.clientId(), record.accountId(),
                socket.meta().worldId());
        listeners.forEach(l -> l.connected(socket));
    }

    /** Refuses a world's login, saying why in the log (never the token). */
    private static void refuse(WorldSocket socket, int code, String reason) {
        LOG.warn("world login refused: client={} address={} code={} reason={}", socket.clientId(), socket.remoteHost(),
                code, reason);
        socket.close(code, reason);
    }

    private void remember(WorldSocket socket) {
        var m = socket.meta();
        long now = clock.millis();
        worlds.upsert(new WorldRecord(socket.accountId(), socket.clientId(), m.worldId(), m.worldTitle(),
                m.foundryVersion(), m.systemId(), m.systemTitle(), m.systemVersion(), m.customName(), m.publicUrl(),
                null, now, now));
    }

    void inbound(WorldSocket socket, String text) {
        var msg = InboundMessage.scan(text);
        if (msg == null || msg.type() == null) {
            LOG.debug("dropped a message without type from {}", socket.clientId());
            return;
        }
        switch (msg.type()) {
            case "ping" -> socket.offer(PONG);
            case "pong" -> { }
            case "player-list" -> socket.users(playerList(text));
            default -> {
                if (msg.requestId() != null
                        && pending.complete(msg.requestId(), socket, new Reply(msg.hasError() ? 400 : 200, text))) {
                    return;
                }
                for (var l : listeners) {
                    if (l.pushed(socket, msg.type(), text)) return;
                }
                // Never forwarded to other worlds: an unsolicited message has no business leaving its world.
                LOG.debug("dropped unhandled '{}' from {}", msg.type(), socket.clientId());
            }
        }
    }

    private static List<WorldSocket.WorldUser> playerList(String text) {
        var users = new java.util.ArrayList<WorldSocket.WorldUser>();
        try {
            for (var u : Json.parse(text).path("users")) {
                users.add(new WorldSocket.WorldUser(u.path("id").asText(), u.path("name").asText(), u.path("role").asInt()));
            }
        } catch (Exception e) {
            LOG.debug("unreadable player-list: {}", e.getMessage());
        }
        return users;
    }

    void closed(WorldSocket socket, int code, String reason) {
        if (!registry.removeIfCurrent(socket)) return;
        pending.failWorld(socket, worldGone(socket.clientId()));
        try {
            worlds.touch(socket.accountId(), socket.clientId(), clock.millis());
        } catch (RuntimeException e) {
            LOG.warn("could not record last-seen for {}: {}", socket.clientId(), e.getMessage());
        }
        LOG.info("world disconnected: client={} code={} reason={}", socket.clientId(), code, reason);
        listeners.forEach(l -> l.disconnected(socket));
    }

    void errored(WorldSocket socket, Throwable cause) {
        LOG.debug("socket error on {}: {}", socket.clientId(), cause.toString());
    }

    // --- forwarding ---------------------------------------------------------------------------------

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

    public int onlineCount() {
        return registry.size();
    }

    /**
     * Sends {@code payload} (which gets {@code type} and a fresh {@code requestId}) and waits for the answer.
     * The future always completes normally: with the world's reply, or with a relay error reply when the
     * world's queue is full (503), the world disconnects first (502), or time runs out (408).
     */
    public CompletableFuture<Reply> request(WorldSocket world, String type, ObjectNode payload, long timeoutMillis) {
        if (draining) return CompletableFuture.completedFuture(new Reply(503, Json.write(Json.error("Relay is restarting, try again shortly"))));
        var requestId = pending.newId(type);
        payload.put("type", type);
        payload.put("requestId", requestId);
        var reply = pending.await(requestId, world, timeoutMillis);
        if (!world.offer(Json.write(payload))) {
            queueDrops.incrementAndGet();
            pending.fail(requestId, world.isOpen()
                    ? new Reply(503, Json.write(Json.error("Foundry world is busy: its send queue is full, try again shortly")
                            .put("clientId", world.clientId())))
                    : worldGone(world.clientId()));
        }
        return reply;
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
        if (draining) return CompletableFuture.completedFuture(new Reply(503, Json.write(Json.error("Relay is restarting, try again shortly"))));
        var requestId = pending.newId(type);
        payload.put("type", type);
        payload.put("requestId", requestId);
        payload.remove(field);
        var head = Json.write(payload);
        var prefix = head.substring(0, head.length() - 1) + "," + Json.write(field) + ":\"";
        var reply = pending.await(requestId, world, timeoutMillis);
        try {
            world.stream(out -> {
                out.send(prefix, false);
                writer.write(text -> out.send(text, false));
                out.send("\"}", true);
            }, timeoutMillis);
        } catch (IOException e) {
            pending.fail(requestId, world.isOpen()
                    ? new Reply(503, Json.write(Json.error("Foundry world is busy: try again shortly").put("clientId", world.clientId())))
                    : worldGone(world.clientId()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.fail(requestId, new Reply(503, Json.write(Json.error("Relay is stopping"))));
        }
        return reply;
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
        return queueDrops.get();
    }

    public int pendingCount() {
        return pending.size();
    }

    private static Reply worldGone(String clientId) {
        return new Reply(502, Json.write(Json.error("Foundry world disconnected before answering")
                .put("clientId", clientId)));
    }

    // --- keep-alive, revocation, shutdown -----------------------------------------------------------

    private void keepAlive() {
        long now = clock.millis();
        for (var socket : registry.all()) {
            if (now - socket.lastHeard() > 2 * pingMillis) {
                LOG.info("world {} stopped answering pings; dropping it", socket.clientId());
                socket.abort();
            } else {
                socket.ping();
            }
        }
    }

    private void closeRevoked() {
        try {
            long now = clock.millis();
            // Overlap the windows so a revocation committed during the previous check is not missed.
            var revoked = tokens.revokedSince(revocationsCheckedAt - 2_000);
            revocationsCheckedAt = now;
            for (var tokenId : revoked) disconnectToken(tokenId, 4002, "Connection token revoked");
        } catch (RuntimeException e) {
            LOG.warn("revocation check failed: {}", e.getMessage());
        }
    }

    @Override
    public int disconnectToken(String tokenId, int closeCode, String reason) {
        int closed = 0;
        for (var socket : registry.all()) {
            if (tokenId.equals(socket.tokenId())) {
                LOG.info("disconnecting world: client={} reason={}", socket.clientId(), reason);
                socket.close(closeCode, reason);
                closed++;
            }
        }
        return closed;
    }

    /**
     * Stops taking requests, lets those in flight finish for up to {@code graceMillis}, then closes every
     * world socket with 1012 (service restart), a code the module answers by reconnecting.
     */
    public void shutdown(long graceMillis) {
        draining = true;
        long deadline = System.nanoTime() + graceMillis * 1_000_000L;
        while (pending.size() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (var socket : registry.all()) socket.close(1012, "Relay restarting");
        // Give the close handshakes a moment, so worlds see 1012 rather than a dropped connection.
        long closeDeadline = System.nanoTime() + 2_000_000_000L;
        while (registry.size() > 0 && System.nanoTime() < closeDeadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
