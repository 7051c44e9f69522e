package org.foundryrelay.foundry;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.auth.ConnectionTokens;
import org.foundryrelay.auth.IpRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A world's login: the auth message with its connection token must come first and within the time limit;
 * the token must exist, allow the peer's address and belong to this world; then the socket joins the
 * registry (replacing a reload of itself, refused beside another browser), the cluster's duplicate rules hold
 * (the same client id on another relay), and only then it hears auth-success.
 */
final class WorldLogin {
    private static final Logger LOG = LoggerFactory.getLogger(WorldLogin.class);
    private static final long AUTH_TIMEOUT_MILLIS = 10_000;
    private static final String AUTH_SUCCESS = "{\"type\":\"auth-success\"}";

    private final ConnectionTokens tokens;
    private final WorldRegistry registry;
    private final Clock clock;
    /** Sockets that have not logged in yet, with the time by which they must have said something. */
    private final ConcurrentHashMap<WorldSocket, Long> awaiting = new ConcurrentHashMap<>();
    private volatile WorldsElsewhere elsewhere = WorldsElsewhere.NONE;

    WorldLogin(ConnectionTokens tokens, WorldRegistry registry, Clock clock) {
        this.tokens = tokens;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Checks the waiting sockets once a second: one sweep instead of a timer per connect, which a reconnect
     * storm would pay thousands of times (each scheduled, then waking the timer thread 10 s later).
     */
    void start(ScheduledExecutorService timers) {
        timers.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /** Applies the duplicate rules of the cluster {@code elsewhere} to logins from now on. */
    void checkAgainst(WorldsElsewhere elsewhere) {
        this.elsewhere = elsewhere;
    }

    /**
     * Closes the socket if it has sent nothing in time. An auth message that arrived but still waits its turn
     * (a reconnect storm) is not timed out: 4002 makes the module forget its token for good.
     */
    void expectAuth(WorldSocket socket) {
        awaiting.put(socket, clock.millis() + AUTH_TIMEOUT_MILLIS);
    }

    private void sweep() {
        long now = clock.millis();
        awaiting.forEach((socket, deadline) -> {
            if (socket.accountId() != null || socket.spoke() || !socket.isOpen()) {
                awaiting.remove(socket);
            } else if (now >= deadline) {
                awaiting.remove(socket);
                refuse(socket, 4002, "Authentication timeout");
            }
        });
    }

    /**
     * Checks the socket's first message; a refused socket is closed with the module's close code.
     *
     * @return true when the world is now authenticated, registered and told auth-success
     */
    boolean authenticate(WorldSocket socket, String text) {
        var token = AuthMessage.token(text);
        if (token == null || token.isBlank()) return refuse(socket, 4002, "Invalid auth message");
        var found = tokens.find(token);
        if (found.isEmpty()) return refuse(socket, 1008, "Authentication failed");
        var record = found.get();
        if (!IpRules.allows(record.allowedIps(), socket.remoteHost())) {
            return refuse(socket, 4002, "IP address not allowed");
        }
        if (!tokens.bind(record, socket.clientId())) {
            return refuse(socket, 4002, "Connection token belongs to another world; pair this world again");
        }
        long connectedAt = clock.millis();
        if (registry.find(record.accountId(), socket.clientId()) == null
                && !elsewhere.claim(record.accountId(), socket, connectedAt)) {
            return refuse(socket, 4004, "Client ID already connected");
        }
        switch (registry.register(record.accountId(), socket)) {
            case WorldRegistry.Outcome.Duplicate d -> {
                return refuse(socket, 4004, "Client ID already connected");
            }
            case WorldRegistry.Outcome.Registered r -> {
                socket.authenticated(new WorldSocket.Identity(record.accountId(), record.id(), record.lastUsedAt() != null,
                        record.source()), connectedAt);
                if (r.replaced() != null) {
                    LOG.info("world disconnected: client={} reason=replaced by a reconnect from {}", socket.clientId(),
                            socket.remoteHost());
                    r.replaced().close(1000, "Replaced by reconnect");
                }
            }
        }
        socket.offer(AUTH_SUCCESS);
        tokens.touch(record.id());
        return true;
    }

    /** Refuses a world's login, saying why in the log (never the token); always false. */
    private static boolean refuse(WorldSocket socket, int code, String reason) {
        LOG.warn("world login refused: client={} address={} code={} reason={}", socket.clientId(), socket.remoteHost(),
                code, reason);
        socket.close(code, reason);
        return false;
    }
}
