package org.foundryrelay.foundry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Worlds connected to other relays of a cluster, and the way to call them. A single relay uses {@link #NONE}.
 * Lookups may throw {@link Unavailable} when the cluster cannot be asked (its Redis is unreachable).
 */
public interface WorldsElsewhere {

    /** The account's world with this client id on another relay, or null. */
    RemoteWorld find(String accountId, String clientId);

    /** The account's worlds on other relays. */
    List<RemoteWorld> online(String accountId);

    /**
     * Sends a call to the relay holding {@code world}; completes normally, with the world's reply or a relay error
     * reply (502 when the holder is gone, 503 when the cluster is unreachable, 408 on timeout), like
     * {@link WorldHub#request}.
     */
    CompletableFuture<Reply> request(RemoteWorld world, String type, ObjectNode payload, long timeoutMillis);

    /**
     * Asked during a world's login, before it hears auth-success: whether the world (account, client id) may
     * connect here from {@code remoteHost}. False when another live relay holds it from another host (the
     * login is refused with 4004); true otherwise, and when another relay holds it from the same host, that
     * relay is asked to close its socket (1000 {@code Replaced by reconnect}). When the cluster cannot be asked,
     * the world is admitted.
     */
    boolean claim(String accountId, String clientId, String remoteHost);

    /** The cluster cannot be asked right now; the message names the cause. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** No other relays: a single relay. */
    WorldsElsewhere NONE = new WorldsElsewhere() {
        @Override
        public RemoteWorld find(String accountId, String clientId) {
            return null;
        }

        @Override
        public List<RemoteWorld> online(String accountId) {
            return List.of();
        }

        @Override
        public CompletableFuture<Reply> request(RemoteWorld world, String type, ObjectNode payload, long timeoutMillis) {
            return CompletableFuture.completedFuture(new Reply(502, "{\"error\":\"Foundry world is not connected to this relay\"}"));
        }

        @Override
        public boolean claim(String accountId, String clientId, String remoteHost) {
            return true;
        }
    };
}
