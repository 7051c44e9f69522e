package org.foundryrelay.accounts;

import org.foundryrelay.http.ApiDoc;
import static org.foundryrelay.http.ApiDoc.Access.SIGNED_IN;
import static org.foundryrelay.http.ApiDoc.Access.OPEN;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import org.foundryrelay.auth.PairRequests;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.http.Bodies;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.http.RequestLog;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;
import org.foundryrelay.store.PairRequestRecord;
import org.foundryrelay.store.TokenRecord;

/**
 * {@code /auth/connection-tokens}, {@code /auth/known-clients} and the person's side of the device flow
 * ({@code /auth/pair-request/{code}} details, approve, deny), for the signed-in account only.
 */
public final class WorldEndpoints implements Endpoints {
    private final SessionAuth auth;
    private final Worlds worlds;

    public WorldEndpoints(SessionAuth auth, Worlds worlds) {
        this.auth = auth;
        this.worlds = worlds;
    }

    @Override
    public java.util.List<ApiDoc> documented() {
        return java.util.List.of(
                ApiDoc.json("POST", "/auth/connection-tokens", "worlds", "Make a pairing code for a world", SIGNED_IN),
                ApiDoc.json("GET", "/auth/connection-tokens", "worlds", "The account's connection tokens", SIGNED_IN),
                ApiDoc.json("PATCH", "/auth/connection-tokens/{id}", "worlds", "Rename a token or set its allowed IPs", SIGNED_IN),
                ApiDoc.json("DELETE", "/auth/connection-tokens/{id}", "worlds", "Revoke a token (its world disconnects)", SIGNED_IN),
                ApiDoc.json("GET", "/auth/known-clients", "worlds", "The account's worlds, online or known", SIGNED_IN),
                ApiDoc.json("PATCH", "/auth/known-clients/{id}", "worlds", "Rename a world", SIGNED_IN),
                ApiDoc.json("DELETE", "/auth/known-clients/{id}", "worlds", "Forget (unpair) a world", SIGNED_IN),
                ApiDoc.json("GET", "/auth/pair-request/{code}", "worlds", "A device-flow pairing request, for the person approving it", SIGNED_IN),
                ApiDoc.json("POST", "/auth/pair-request/{code}/approve", "worlds", "Approve a device-flow pairing request", SIGNED_IN),
                ApiDoc.json("POST", "/auth/pair-request/{code}/deny", "worlds", "Deny a device-flow pairing request", SIGNED_IN));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/auth/connection-tokens", ctx -> {
            var account = auth.require(ctx).account();
            var code = worlds.pairingCode(account.id(), Fields.text(Bodies.object(ctx), "clientId"));
            Responses.json(ctx, 201, Json.object().put("code", code.code()).put("expiresAt", code.expiresAt().toString())
                    .put("expiresIn", org.foundryrelay.auth.Pairing.CODE_TTL.toSeconds()));
        });
        routes.get("/auth/connection-tokens", ctx -> {
            var account = auth.require(ctx).account();
            int limit = intParam(ctx, "limit", 50, 1, 200);
            int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            var all = worlds.tokens(account.id());
            var body = Json.object();
            var list = body.putArray("tokens");
            all.stream().skip(offset).limit(limit).forEach(t -> list.add(token(t)));
            body.put("total", all.size());
            Responses.json(ctx, 200, body);
        });
        routes.patch("/auth/connection-tokens/{id}", ctx -> {
            var account = auth.require(ctx).account();
            var body = Bodies.object(ctx);
            worlds.changeToken(account.id(), ctx.pathParam("id"), Fields.text(body, "name"), allowedIps(body));
            Responses.json(ctx, 200, Json.object().put("success", true));
        });
        routes.delete("/auth/connection-tokens/{id}", ctx -> {
            var account = auth.require(ctx).account();
            int closed = worlds.revokeToken(account.id(), ctx.pathParam("id"));
            Responses.json(ctx, 200, Json.object().put("success", true).put("message", "Connection token revoked")
                    .put("disconnectedClients", closed));
        });
        routes.get("/auth/known-clients", ctx -> {
            var account = auth.require(ctx).account();
            var tokens = worlds.tokens(account.id());
            var body = Json.object();
            var list = body.putArray("clients");
            var connected = worlds.connected(account.id()); // on any relay of a cluster
            for (var w : worlds.list(account.id())) {
                var heard = connected.get(w.clientId());
                var o = list.addObject().put("id", w.clientId()).put("clientId", w.clientId()).put("worldId", w.worldId())
                        .put("worldTitle", w.worldTitle()).put("customName", w.customName())
                        .put("foundryVersion", w.foundryVersion()).put("systemId", w.systemId())
                        .put("systemTitle", w.systemTitle()).put("systemVersion", w.systemVersion())
                        .put("publicUrl", w.publicUrl()).put("isOnline", heard != null)
                        .put("lastSeenAt", AccountEndpoints.instant(heard != null ? heard : w.lastSeenAt()))
                        .put("createdAt", AccountEndpoints.instant(w.firstSeenAt()));
                var ts = o.putArray("tokens");
                tokens.stream().filter(t -> w.clientId().equals(t.clientId())).forEach(t -> ts.add(token(t)));
            }
            body.put("total", list.size());
            Responses.json(ctx, 200, body);
        });
        routes.patch("/auth/known-clients/{id}", ctx -> {
            var account = auth.require(ctx).account();
            var body = Bodies.object(ctx);
            if (!body.has("customName")) throw new ApiException(400, "customName is required");
            worlds.rename(account.id(), ctx.pathParam("id"), Fields.text(body, "customName"));
            Responses.json(ctx, 200, Json.object().put("success", true));
        });
        routes.delete("/auth/known-clients/{id}", ctx -> {
            var account = auth.require(ctx).account();
            int closed = worlds.unpair(account.id(), ctx.pathParam("id"));
            Responses.json(ctx, 200, Json.object().put("success", true).put("message", "World unpaired")
                    .put("disconnectedClients", closed));
        });
        routes.get("/auth/pair-request/{code}", ctx -> {
            auth.require(ctx);
            RequestLog.maskPath(ctx, "/auth/pair-request/{code}");
            var r = worlds.pairRequests().find(code(ctx)).orElseThrow(() -> new ApiException(404, "Pair request not found"));
            Responses.json(ctx, 200, pairRequest(r, worlds.pairRequests().stateOf(r)));
        });
        routes.post("/auth/pair-request/{code}/approve", ctx -> {
            var account = auth.require(ctx).account();
            RequestLog.maskPath(ctx, "/auth/pair-request/{code}/approve");
            var decision = worlds.approve(account.id(), code(ctx));
            var body = Json.object().put("success", true).put("message", "Pair request approved");
            if (decision instanceof PairRequests.Decision.Upgraded) body.put("upgraded", true);
            Responses.json(ctx, 200, body);
        });
        routes.post("/auth/pair-request/{code}/deny", ctx -> {
            var account = auth.require(ctx).account();
            RequestLog.maskPath(ctx, "/auth/pair-request/{code}/deny");
            worlds.deny(account.id(), code(ctx));
            Responses.json(ctx, 200, Json.object().put("success", true).put("message", "Pair request denied"));
        });
    }

    private static String code(Context ctx) {
        return ctx.pathParam("code").toUpperCase(Locale.ROOT);
    }

    private static String allowedIps(ObjectNode body) {
        var node = body.get("allowedIps");
        if (node == null || node.isNull()) return null;
        if (!node.isTextual()) throw new ApiException(400, "'allowedIps' must be a string");
        return node.asText();
    }

    static ObjectNode pairRequest(PairRequestRecord r, PairRequests.State state) {
        return Json.object().put("code", r.code()).put("worldId", r.worldId()).put("worldTitle", r.worldTitle())
                .put("systemId", r.systemId()).put("systemTitle", r.systemTitle()).put("systemVersion", r.systemVersion())
                .put("foundryVersion", r.foundryVersion()).put("clientId", r.clientId()).put("upgradeOnly", r.upgradeOnly())
                .put("status", state.name().toLowerCase(Locale.ROOT))
                .put("expiresAt", AccountEndpoints.instant(r.expiresAt()));
    }

    static ObjectNode token(TokenRecord t) {
        return Json.object().put("id", t.id()).put("name", t.name()).put("clientId", t.clientId()).put("source", t.source())
                .put("allowedIps", String.join(",", t.allowedIps()))
                .put("lastUsedAt", AccountEndpoints.instant(t.lastUsedAt()))
                .put("createdAt", AccountEndpoints.instant(t.createdAt()));
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        var raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return fallback;
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(raw.trim())));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "'" + name + "' must be a valid number");
        }
    }
}
