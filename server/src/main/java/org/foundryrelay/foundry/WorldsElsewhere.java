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
     * Like {@link #request}, for an upload whose large {@code field} is produced by {@code writer} while it is
     * sent (see {@link WorldHub#requestStreamed}): the bytes reach the holder in bounded pieces, never as one
     * message. Returns once the writer has been read; completes like {@link #request}. Without a cluster no world
     * is elsewhere: 503.
     */
    default CompletableFuture<Reply> requestStreamed(RemoteWorld world, String type, ObjectNode payload, String field,
                                                     WorldHub.FieldWriter writer, long timeoutMillis) {
        return CompletableFuture.completedFuture(new Reply(503, org.foundryrelay.json.Json.write(org.foundryrelay.json.Json
                .error("Uploads reach only worlds connected to the relay that receives them; retry through that relay")
                .put("clientId", world.clientId()))));
    }

    /** How long asking a world held elsewhere for its users may take. */
    long USERS_TIMEOUT_MILLIS = 5_000;

    /**
     * The users of a world held elsewhere, as its module lists them (the {@code players} message, asked with the
     * module's own rights): what a local world's socket knows from its {@code player-list}. Empty when the world
     * refuses to say, so that, as before a local world's list arrives, the world decides.
     *
     * @throws Unavailable when the world cannot be asked: its relay is gone (502), Redis is unreachable, or no
     *                     answer came in time (503)
     */
    default List<WorldSocket.WorldUser> users(RemoteWorld world) {
        var payload = org.foundryrelay.json.Json.object();
        payload.putObject("data");
        var reply = request(world, "players", payload, USERS_TIMEOUT_MILLIS).join();
        if (reply.status() == 200) return InboundDispatch.users(reply.body());
        if (reply.status() == 400) return List.of();
        String error;
        try {
            error = org.foundryrelay.json.Json.parse(reply.body()).path("error").asText("no answer");
        } catch (Exception e) {
            error = "no answer";
        }
        throw new Unavailable(reply.status() == 502 ? 502 : 503, error);
    }

    /**
     * Asked during a world's login, before it hears auth-success: whether the world ({@code accountId},
     * {@code socket}'s client id) may connect here from the socket's host, decided and recorded in one step, so
     * that of two logins racing through two relays only one is admitted. False when another live relay holds it
     * from another host (the login is refused with 4004); true otherwise, and the world is then this relay's
     * (announced with {@code connectedAt}, the time its socket is authenticated at); when another relay held it
     * from the same host, that relay is asked to close its socket (1000 {@code Replaced by reconnect}). When the
     * cluster cannot be asked, the world is admitted.
     */
    boolean claim(String accountId, WorldSocket socket, long connectedAt);

    /**
     * Asks the relay holding the account's world elsewhere, if any, to close its socket with this code and
     * reason; true when one was asked.
     *
     * @throws Unavailable when the cluster cannot be asked
     */
    boolean closeWorld(String accountId, String clientId, int code, String reason);

    /** The cluster cannot be asked right now; the message names the cause. */
    final class Unavailable extends RuntimeException {
        private final int status;

        public Unavailable(String message) {
            this(503, message);
        }

        /** @param status 502 when the relay holding the world is gone, else 503 */
        public Unavailable(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        /** The HTTP status that fits: 502 (the holding relay is gone) or 503 (the cluster cannot be asked). */
        public int status() {
            return status;
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
        public boolean claim(String accountId, WorldSocket socket, long connectedAt) {
            return true;
        }

        @Override
        public boolean closeWorld(String accountId, String clientId, int code, String reason) {
            return false;
        }
    };
}
