package org.foundryrelay.clientapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.foundryrelay.auth.Principal;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.auth.Secrets;
import org.foundryrelay.foundry.Reply;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.foundry.WorldListener;
import org.foundryrelay.foundry.WorldSocket;
import org.foundryrelay.json.Json;
import org.foundryrelay.routes.Transport;
import org.foundryrelay.routes.CallRefused;
import org.foundryrelay.routes.Forwarder;
import org.foundryrelay.routes.Inputs;
import org.foundryrelay.routes.RouteTable;
import org.foundryrelay.store.RemoteAccessRepository;
import org.foundryrelay.store.RemoteGrant;
import org.foundryrelay.store.RemoteRequestRecord;
import org.foundryrelay.store.WorldRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a world asks of the relay about other worlds, over {@code /relay}: {@code remote-request} (call
 * another world of the same account, answered with {@code remote-response}) and {@code get-known-clients}
 * (answered with {@code known-clients-result}). A call is forwarded only when the calling world's connection
 * token names the target, grants the scope of the called row, and the world is under its hourly cap; it
 * then goes through the called row exactly as an API call would (parameters, rules, {@code _scopes}). Every
 * call is logged, refused ones included.
 */
public final class RemoteRequests implements WorldListener {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteRequests.class);
    private static final long HOUR_MILLIS = 3_600_000;

    private final WorldHub worlds;
    private final Forwarder forwarder;
    private final RemoteAccessRepository access;
    private final WorldRepository known;
    private final Clock clock;
    // One caller at a time per world between counting its calls and logging the new one, so the cap holds.
    private final Map<String, Object> capLocks = new ConcurrentHashMap<>();

    public RemoteRequests(WorldHub worlds, Forwarder forwarder, RemoteAccessRepository access, WorldRepository known,
                          Clock clock) {
        this.worlds = worlds;
        this.forwarder = forwarder;
        this.access = access;
        this.known = known;
        this.clock = clock;
    }

    @Override
    public boolean pushed(WorldSocket world, String type, String text) {
        if (!type.equals("remote-request") && !type.equals("get-known-clients")) return false;
        ObjectNode message;
        try {
            message = Json.parse(text) instanceof ObjectNode o ? o : null;
        } catch (Exception e) {
            message = null;
        }
        if (message == null) return true;
        var msg = message;
        // Off the world's socket thread: these read and write the store.
        Thread.ofVirtual().name("remote-request").start(() -> {
            try {
                if (type.equals("remote-request")) remoteRequest(world, msg);
                else knownClients(world, msg);
            } catch (RuntimeException e) {
                LOG.warn("{} from {} failed: {}", type, world.clientId(), e.getMessage());
                reply(world, type.equals("remote-request") ? refusal(msg.get("requestId"), "Remote request failed")
                        : knownClientsError(msg.get("requestId"), "Could not list known clients"));
            }
        });
        return true;
    }

    // --- remote-request ------------------------------------------------------------------------------------

    private void remoteRequest(WorldSocket source, ObjectNode msg) {
        long started = clock.millis();
        var requestId = msg.get("requestId");
        var target = text(msg.get("targetClientId"));
        var action = text(msg.get("action"));
        var entry = new RemoteRequestRecord("rr_" + Secrets.randomHex(8), source.accountId(), source.clientId(), target,
                action, source.tokenId(), "sent", null, null, started);
        var grant = access.grant(source.tokenId()).orElse(null);
        var refused = check(grant, source, target, action);
        if (refused != null) {
            refuse(source, requestId, entry, refused);
            return;
        }
        var route = RouteTable.byMessageType(action).orElseThrow();
        var caller = principal(source, grant, target);
        var payload = msg.get("payload") instanceof ObjectNode p ? p : Json.object();
        Forwarder.Prepared call;
        try {
            call = forwarder.prepare(caller, route, Inputs.of(payload), target);
        } catch (CallRefused e) {
            refuse(source, requestId, entry, e.getMessage());
            return;
        }
        synchronized (capLocks.computeIfAbsent(source.accountId() + " " + source.clientId(), k -> new Object())) {
            if (grant.perHour() > 0
                    && access.countSince(source.accountId(), source.clientId(), started - HOUR_MILLIS) >= grant.perHour()) {
                refuse(source, requestId, entry, "remote-request rate limit exceeded (" + grant.perHour() + "/hour)");
                return;
            }
            access.log(entry);
        }
        LOG.info("remote request: from={} to={} action={} account={}", source.clientId(), target, action, source.accountId());
        // Logged before the caller hears back, and off the target world's socket thread.
        forwarder.send(caller, call, Transport.REMOTE).whenCompleteAsync((reply, e) -> {
            var response = response(requestId, reply);
            boolean ok = response.path("success").asBoolean();
            access.finish(entry.id(), ok ? "ok" : "error", ok ? null : response.path("error").asText(null),
                    clock.millis() - started);
            reply(source, response);
        }, task -> Thread.ofVirtual().start(task));
    }

    /** Why the call may not go ahead, or null when it may. */
    private String check(RemoteGrant grant, WorldSocket source, String target, String action) {
        if (target == null || action == null) return "targetClientId and action are required";
        if (grant == null || !grant.allows(target)) return "Target client not allowed for this connection: " + target;
        // Another account's world reads exactly like one that is not connected.
        if (!forwarder.connected(source.accountId(), target)) return "Target client is not connected: " + target;
        var route = RouteTable.byMessageType(action).orElse(null);
        if (route == null) return "Unknown action: " + action;
        if (!grant.scopes().contains(route.scope().wireName())) {
            return "Remote scope not granted: " + route.scope().wireName();
        }
        return null;
    }

    // The caller as the called row sees it: the token's remote scopes, reaching only the target.
    private static Principal principal(WorldSocket source, RemoteGrant grant, String target) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        grant.scopes().forEach(s -> Scope.fromWire(s).ifPresent(scopes::add));
        return new Principal(source.accountId(), null, source.tokenId(), scopes, Set.of(target), null, Map.of());
    }

    private void refuse(WorldSocket source, JsonNode requestId, RemoteRequestRecord entry, String error) {
        LOG.info("remote request refused: from={} to={} action={} error={}", entry.sourceClientId(),
                entry.targetClientId(), entry.action(), error);
        access.log(new RemoteRequestRecord(entry.id(), entry.accountId(), entry.sourceClientId(), entry.targetClientId(),
                entry.action(), entry.tokenId(), "refused", error, null, entry.createdAt()));
        reply(source, refusal(requestId, error));
    }

    /** {@code remote-response}: the target's answer without its requestId as {@code data}, or the error. */
    private static ObjectNode response(JsonNode requestId, Reply reply) {
        ObjectNode body;
        try {
            body = Json.parse(reply.body()) instanceof ObjectNode o ? o : Json.error("Unreadable answer");
        } catch (Exception e) {
            body = Json.error("Unreadable answer");
        }
        if (reply.status() != 200 || body.hasNonNull("error")) {
            return refusal(requestId, body.path("error").asText("Remote request failed"));
        }
        body.remove("requestId");
        var response = start(requestId).put("success", true);
        response.set("data", body);
        return response;
    }

    private static ObjectNode refusal(JsonNode requestId, String error) {
        return start(requestId).put("success", false).put("error", error);
    }

    private static ObjectNode start(JsonNode requestId) {
        var o = Json.object().put("type", "remote-response");
        o.set("requestId", requestId);
        return o;
    }

    // --- get-known-clients ---------------------------------------------------------------------------------

    private void knownClients(WorldSocket source, ObjectNode msg) {
        var grant = access.grant(source.tokenId()).orElse(null);
        if (grant == null) {
            reply(source, knownClientsError(msg.get("requestId"), "Connection token not found"));
            return;
        }
        var result = Json.object().put("type", "known-clients-result");
        result.set("requestId", msg.get("requestId"));
        var clients = result.putArray("clients");
        var online = forwarder.connected(source.accountId()); // on any relay of a cluster
        for (var w : known.listByAccount(source.accountId())) {
            if (w.clientId().equals(source.clientId())) continue;
            clients.addObject().put("clientId", w.clientId()).put("worldTitle", w.worldTitle())
                    .put("customName", w.customName()).put("systemTitle", w.systemTitle()).put("systemId", w.systemId())
                    .put("isOnline", online.contains(w.clientId()))
                    .put("canAutoStart", false).put("publicUrl", w.publicUrl());
        }
        var scopes = result.putArray("tokenScopes");
        grant.scopes().forEach(scopes::add);
        var targets = result.putArray("tokenAllowedTargets");
        grant.targets().forEach(targets::add);
        reply(source, result);
    }

    private static ObjectNode knownClientsError(JsonNode requestId, String error) {
        var o = Json.object().put("type", "known-clients-result");
        o.set("requestId", requestId);
        o.put("error", error);
        o.putArray("clients");
        return o;
    }

    private void reply(WorldSocket world, ObjectNode message) {
        if (!worlds.send(world, message)) LOG.debug("could not answer {} ({})", world.clientId(), message.path("type").asText());
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
    }
}
