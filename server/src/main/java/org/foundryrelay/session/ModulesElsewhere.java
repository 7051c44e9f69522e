package org.foundryrelay.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.foundryrelay.cluster.Relays;
import org.foundryrelay.cluster.Relays.Answer;
import org.foundryrelay.foundry.RemoteWorld;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.foundry.WorldMeta;
import org.foundryrelay.foundry.WorldSocket;
import org.foundryrelay.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's world whose module connects to another relay than the one holding the session's browser (the
 * world's relay URL is the load balancer's, and it sent the module elsewhere). The relay the module reached
 * finds the session by its token in the store and tells the holder, which then runs the session with that
 * world, reached like any world of another relay. It tells the holder too when the world goes, and passes
 * calls on as use of the session; the holder asks it to close the world's socket when the session ends.
 */
final class ModulesElsewhere {
    private static final Logger LOG = LoggerFactory.getLogger(ModulesElsewhere.class);
    static final String CONNECTED = "session.module-connected";
    static final String DISCONNECTED = "session.module-disconnected";
    static final String USED = "session.used";
    static final String DISCONNECT = "session.disconnect-token";
    private static final Duration TELL_TIMEOUT = Duration.ofSeconds(10);
    /** Use is passed on at most this often per world: idleness is counted in minutes, not calls. */
    private static final long USE_EVERY_MILLIS = 1_000;

    /** What the holding relay does when told. */
    interface Holder {
        /** The session's module connected on relay {@code world.instanceId()}; false when it is not this relay's. */
        boolean moduleConnected(String sessionId, String accountId, String tokenId, RemoteWorld world);

        /** The session's world left the relay that told; false when the session is not this relay's. */
        boolean moduleDisconnected(String sessionId, String accountId, String tokenId, String clientId);

        /** A call reached the session's world on another relay. */
        void used(String sessionId, String accountId);
    }

    /** A world here whose session another relay holds. */
    private record Foreign(String holder, String sessionId, String accountId, String tokenId, String clientId) {}

    private final Relays relays;
    private final WorldHub hub;
    private final SessionRepository repo;
    private final Clock clock;
    /** Worlds here with a headless token, and what the store said about their session (null when not another relay's). */
    private final Map<WorldSocket, CompletableFuture<Foreign>> here = new ConcurrentHashMap<>();
    private final Map<String, Long> lastUse = new ConcurrentHashMap<>();

    ModulesElsewhere(Relays relays, WorldHub hub, SessionRepository repo, Clock clock, Holder holder) {
        this.relays = relays;
        this.hub = hub;
        this.repo = repo;
        this.clock = clock;
        relays.serve(CONNECTED, body -> {
            var in = Json.parse(body);
            var m = in.path("meta");
            var world = new RemoteWorld(text(in, "account"), text(in, "clientId"), new WorldMeta(text(m, "worldId"),
                    text(m, "worldTitle"), text(m, "foundryVersion"), text(m, "systemId"), text(m, "systemTitle"),
                    text(m, "systemVersion"), text(m, "customName"), text(m, "publicUrl")), text(in, "instanceId"),
                    text(in, "host"), in.path("connectedAt").asLong(), in.path("connectedAt").asLong());
            return answer(holder.moduleConnected(text(in, "sessionId"), world.accountId(), text(in, "tokenId"), world));
        });
        relays.serve(DISCONNECTED, body -> {
            var in = Json.parse(body);
            return answer(holder.moduleDisconnected(text(in, "sessionId"), text(in, "account"), text(in, "tokenId"),
                    text(in, "clientId")));
        });
        relays.serve(USED, body -> {
            var in = Json.parse(body);
            holder.used(text(in, "sessionId"), text(in, "account"));
            return new Answer(200, "{}");
        });
        relays.serve(DISCONNECT, body -> {
            int closed = hub.disconnectToken(text(Json.parse(body), "tokenId"), 1000, "Headless session ended");
            return new Answer(200, Json.write(Json.object().put("closed", closed)));
        });
    }

    /**
     * A world connected here with a headless token of no session of this relay: when the store names another
     * relay for it, that relay is told. Off the connect path: the store is read on a thread of its own.
     */
    void connected(WorldSocket world) {
        if (!relays.clustered() || !"headless".equals(world.tokenSource())) return;
        var found = CompletableFuture.supplyAsync(() -> tell(world), Thread.ofVirtual().name("headless-elsewhere")::start);
        here.put(world, found);
    }

    /** A world connected here left: the relay holding its session is told once it was told of the connect. */
    void disconnected(WorldSocket world) {
        var found = here.remove(world);
        if (found == null) return;
        found.thenAccept(f -> {
            if (f == null) return;
            lastUse.remove(f.accountId() + "\n" + f.clientId());
            var body = Json.object().put("sessionId", f.sessionId()).put("account", f.accountId())
                    .put("tokenId", f.tokenId()).put("clientId", f.clientId());
            relays.ask(f.holder(), DISCONNECTED, Json.write(body), TELL_TIMEOUT).thenAccept(a -> {
                if (a.status() != 200) LOG.debug("headless session {}: relay {} answered {} to the world leaving",
                        f.sessionId(), f.holder(), a.status());
            });
        });
    }

    /** A call reached a world here: when another relay holds its session, that relay counts it as use. */
    void used(String accountId, String clientId) {
        if (here.isEmpty()) return;
        var world = hub.find(accountId, clientId);
        var found = world == null ? null : here.get(world);
        var f = found == null ? null : found.getNow(null);
        if (f == null) return;
        long now = clock.millis();
        var key = accountId + "\n" + clientId;
        var last = lastUse.get(key);
        if (last != null && now - last < USE_EVERY_MILLIS) return;
        lastUse.put(key, now);
        var body = Json.object().put("sessionId", f.sessionId()).put("account", accountId);
        relays.ask(f.holder(), USED, Json.write(body), TELL_TIMEOUT);
    }

    /** Asks the relay holding a session's world to close the sockets of its (revoked) token, and waits for that. */
    void disconnect(String instanceId, String tokenId) {
        if (!relays.clustered() || instanceId.equals(relays.self())) return;
        var answer = relays.ask(instanceId, DISCONNECT, Json.write(Json.object().put("tokenId", tokenId)),
                Duration.ofSeconds(3)).join();
        if (answer.status() != 200) LOG.debug("closing token {} on relay {}: {}", tokenId, instanceId, answer.status());
    }

    private Foreign tell(WorldSocket world) {
        try {
            var row = repo.openByToken(world.tokenId());
            if (row == null || row.instanceId().equals(relays.self()) || !row.accountId().equals(world.accountId())) {
                return null;
            }
            var m = world.meta();
            var meta = Json.object().put("worldId", m.worldId()).put("worldTitle", m.worldTitle())
                    .put("foundryVersion", m.foundryVersion()).put("systemId", m.systemId()).put("systemTitle", m.systemTitle())
                    .put("systemVersion", m.systemVersion()).put("customName", m.customName()).put("publicUrl", m.publicUrl());
            var body = Json.object().put("sessionId", row.id()).put("account", world.accountId())
                    .put("tokenId", world.tokenId()).put("clientId", world.clientId()).put("instanceId", relays.self())
                    .put("host", world.remoteHost()).put("connectedAt", world.connectedAt());
            body.set("meta", meta);
            var answer = relays.ask(row.instanceId(), CONNECTED, Json.write(body), TELL_TIMEOUT).join();
            if (answer.status() != 200) {
                LOG.info("headless session {}: its world connected here, relay {} answered {}", row.id(), row.instanceId(),
                        answer.status());
                return null;
            }
            LOG.info("headless session {} of relay {}: its world {} connected here", row.id(), row.instanceId(),
                    world.clientId());
            return new Foreign(row.instanceId(), row.id(), world.accountId(), world.tokenId(), world.clientId());
        } catch (RuntimeException e) {
            LOG.warn("headless world {} connected here: finding its session failed: {}", world.clientId(), e.getMessage());
            return null;
        }
    }

    private static Answer answer(boolean known) {
        return known ? new Answer(200, "{}") : Answer.error(404, "No such headless session on this relay");
    }

    private static String text(JsonNode node, String field) {
        var v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
