package org.foundryrelay.session;

import java.util.concurrent.TimeUnit;
import org.foundryrelay.foundry.RemoteWorld;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.foundry.WorldRef;
import org.foundryrelay.foundry.WorldsElsewhere;

/**
 * Where a session's world is connected: on this relay, or (in a cluster, when its module reached another relay
 * through the load balancer) on another. A session's world on this relay is known by its token; one elsewhere
 * by its client id, which the duplicate rules keep to one socket in the cluster.
 */
final class SessionWorlds {
    private final WorldHub hub;
    private final WorldsElsewhere elsewhere;

    SessionWorlds(WorldHub hub, WorldsElsewhere elsewhere) {
        this.hub = hub;
        this.elsewhere = elsewhere;
    }

    /** The world as it is connected now, here or elsewhere; null when offline. */
    WorldRef live(String accountId, String clientId) {
        var local = hub.find(accountId, clientId);
        return local != null ? local : elsewhere(accountId, clientId);
    }

    /** The world on another relay, or null (also when the cluster cannot be asked). */
    RemoteWorld elsewhere(String accountId, String clientId) {
        try {
            return elsewhere.find(accountId, clientId);
        } catch (WorldsElsewhere.Unavailable e) {
            return null;
        }
    }

    /** Whether the session's world is connected: here with its token, or on another relay. */
    boolean connected(HeadlessSession s, String clientId) {
        var local = hub.find(s.accountId, clientId);
        if (local != null) return s.tokenId.equals(local.tokenId());
        return elsewhere(s.accountId, clientId) != null;
    }

    /** Waits (up to {@code seconds}) until the session's world is connected nowhere in the cluster. */
    void awaitOffline(HeadlessSession s, String clientId, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            while (System.nanoTime() < deadline && connected(s, clientId)) Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
