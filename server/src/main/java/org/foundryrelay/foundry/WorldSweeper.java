package org.foundryrelay.foundry;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.auth.ConnectionTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic care of connected worlds: pings each one and drops a world silent for two intervals, and
 * closes the sockets of connection tokens revoked since the last look (on this relay or another sharing
 * the store).
 */
final class WorldSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(WorldSweeper.class);
    private static final long REVOCATION_CHECK_MILLIS = 500;
    /** Each look reaches this far before the previous one, so a revocation committed during it is not missed. */
    private static final long REVOCATION_OVERLAP_MILLIS = 2_000;

    private final WorldRegistry registry;
    private final ConnectionTokens tokens;
    private final Clock clock;
    private final long pingMillis;
    private long revocationsCheckedAt;

    WorldSweeper(WorldRegistry registry, ConnectionTokens tokens, Clock clock, long pingMillis) {
        this.registry = registry;
        this.tokens = tokens;
        this.clock = clock;
        this.pingMillis = pingMillis;
        this.revocationsCheckedAt = clock.millis();
    }

    void start(ScheduledExecutorService timers) {
        timers.scheduleWithFixedDelay(this::keepAlive, pingMillis, pingMillis, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::closeRevoked, REVOCATION_CHECK_MILLIS, REVOCATION_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

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
            var revoked = tokens.revokedSince(revocationsCheckedAt - REVOCATION_OVERLAP_MILLIS);
            revocationsCheckedAt = now;
            for (var tokenId : revoked) disconnectToken(tokenId, 4002, "Connection token revoked");
        } catch (RuntimeException e) {
            LOG.warn("revocation check failed: {}", e.getMessage());
        }
    }

    /** Closes every socket authenticated with this connection token; returns how many. */
    int disconnectToken(String tokenId, int closeCode, String reason) {
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
}
