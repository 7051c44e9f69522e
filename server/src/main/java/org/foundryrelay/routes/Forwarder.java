package org.foundryrelay.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.foundryrelay.auth.Principal;
import org.foundryrelay.foundry.RemoteWorld;
import org.foundryrelay.foundry.Reply;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.foundry.WorldRef;
import org.foundryrelay.foundry.WorldSocket;
import org.foundryrelay.foundry.WorldsElsewhere;
import org.foundryrelay.json.Json;

/**
 * Forwards one call of a route row to a world, whatever transport it came by (HTTP, {@code /ws/api}, MCP):
 * reads the row's parameters, applies its rules, picks the world, binds the key's Foundry user, sends the
 * payload and completes with the world's answer. The caller must have checked the key and the row's scope.
 */
public final class Forwarder {
    private final WorldHub hub;
    private final WorldsElsewhere elsewhere;
    private final ClientResolver resolver;
    private final Duration defaultTimeout;
    private final WorldActivity activity;

    public Forwarder(WorldHub hub, Duration defaultTimeout, WorldActivity activity) {
        this(hub, WorldsElsewhere.NONE, defaultTimeout, activity);
    }

    /** A forwarder that also reaches worlds held by other relays of a cluster. */
    public Forwarder(WorldHub hub, WorldsElsewhere elsewhere, Duration defaultTimeout, WorldActivity activity) {
        this.hub = hub;
        this.elsewhere = elsewhere;
        this.resolver = new ClientResolver(hub, elsewhere);
        this.defaultTimeout = defaultTimeout;
        this.activity = activity;
    }

    /** A call ready to send: the world it goes to (here or on another relay) and the message for the module. */
    public record Prepared(Route route, WorldRef world, ObjectNode payload) {}

    /**
     * Reads, checks and addresses a call without sending it.
     *
     * @param clientId the world asked for, or null to pick the only one the key reaches
     * @throws CallRefused when a parameter, a rule or the world choice refuses the call
     */
    public Prepared prepare(Principal principal, Route route, Inputs inputs, String clientId) {
        var payload = Json.object();
        ParamReader.read(route, inputs, payload);
        for (var rule : route.rules()) rule.apply(payload, principal);
        var world = resolver.resolve(principal, clientId);
        var boundUser = principal.foundryUserFor(world.clientId());
        if (boundUser != null) payload.put("userId", boundUser);
        var scopes = payload.putArray("_scopes");
        principal.scopes().forEach(s -> scopes.add(s.wireName()));
        // The module expects a data object; a row that declares its own data forwards it only when given
        // (an empty one would mean "match everything" to /select).
        if (!payload.has("data") && route.param("data").isEmpty()) payload.putObject("data");
        return new Prepared(route, world, payload);
    }

    /**
     * The world a call naming {@code clientId} (or null for the only reachable one) would go to.
     *
     * @throws CallRefused when the key may not reach it, it is not connected, or several are and none was named
     */
    public WorldRef world(Principal principal, String clientId) {
        return resolver.resolve(principal, clientId);
    }

    /**
     * The client ids of the account's worlds connected to this relay or, in a cluster, to another; this relay's
     * own when the cluster cannot be asked.
     */
    public java.util.Set<String> connected(String accountId) {
        var ids = new java.util.HashSet<String>();
        hub.online(accountId).forEach(w -> ids.add(w.clientId()));
        try {
            elsewhere.online(accountId).forEach(w -> ids.add(w.clientId()));
        } catch (WorldsElsewhere.Unavailable e) {
            // this relay's worlds only
        }
        return ids;
    }

    /** Whether the account's world is connected to this relay or another of the cluster (false when it cannot say). */
    public boolean connected(String accountId, String clientId) {
        if (hub.find(accountId, clientId) != null) return true;
        try {
            return elsewhere.find(accountId, clientId) != null;
        } catch (WorldsElsewhere.Unavailable e) {
            return false;
        }
    }

    /**
     * The world's users as the relay knows them (from the module's {@code player-list}); for a world held by
     * another relay, asked of the world through that relay. Empty when it cannot be asked.
     */
    public java.util.List<WorldSocket.WorldUser> users(WorldRef world) {
        try {
            return switch (world) {
                case WorldSocket local -> local.users();
                case RemoteWorld remote -> elsewhere.users(remote);
                default -> java.util.List.of();
            };
        } catch (WorldsElsewhere.Unavailable e) {
            return java.util.List.of();
        }
    }

    /** Sends a prepared call; completes with the world's answer, a timeout, or the world's disappearance. */
    public CompletableFuture<Reply> send(Principal principal, Prepared call) {
        return send(principal, call, Transport.HTTP);
    }

    /** {@link #send(Principal, Prepared)} for a call that came by {@code transport} (for the activity log). */
    public CompletableFuture<Reply> send(Principal principal, Prepared call, Transport transport) {
        var clientId = call.world().clientId();
        activity.forwarded(principal.accountId(), clientId);
        var timeout = call.route().timeout().orElse(defaultTimeout);
        long started = System.nanoTime();
        var type = call.route().messageType();
        var answer = switch (call.world()) {
            case WorldSocket local -> hub.request(local, type, call.payload(), timeout.toMillis());
            case RemoteWorld remote -> elsewhere.request(remote, type, call.payload(), timeout.toMillis());
            default -> throw new IllegalStateException("unknown world kind " + call.world());
        };
        return answer.whenComplete((reply, failure) -> activity.completed(principal, clientId, call.route(), transport,
                        reply != null ? reply.status() : 502, (System.nanoTime() - started) / 1_000_000));
    }

    /**
     * Sends a prepared call whose {@code field} (a large string, such as an upload's data URL) is written
     * while the message goes out, instead of being held in the payload.
     */
    public CompletableFuture<Reply> sendStreamed(Principal principal, Prepared call, String field, WorldHub.FieldWriter writer) {
        activity.forwarded(principal.accountId(), call.world().clientId());
        var timeout = call.route().timeout().orElse(defaultTimeout).toMillis();
        var type = call.route().messageType();
        return switch (call.world()) {
            case WorldSocket local -> hub.requestStreamed(local, type, call.payload(), field, writer, timeout);
            // held by another relay: the field goes there in bounded pieces through the cluster
            case RemoteWorld remote -> elsewhere.requestStreamed(remote, type, call.payload(), field, writer, timeout);
            default -> throw new IllegalStateException("unknown world kind " + call.world());
        };
    }
}
