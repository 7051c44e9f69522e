package org.foundryrelay.accounts;

import org.foundryrelay.http.ApiDoc;
import static org.foundryrelay.http.ApiDoc.Access.SIGNED_IN;
import static org.foundryrelay.http.ApiDoc.Access.OPEN;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.foundryrelay.audit.AuditLog;
import org.foundryrelay.auth.KeyService;
import org.foundryrelay.auth.KeySpec;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.auth.Secrets;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.http.Bodies;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;
import org.foundryrelay.store.AccountRecord;
import org.foundryrelay.store.ApiKeyRecord;
import org.foundryrelay.store.ApiKeyRepository;

/**
 * {@code /auth/api-keys}: a signed-in account's scoped keys, created, listed, changed, regenerated and
 * deleted. The plain key is in the create and regenerate answers only; every change applies to the key's very
 * next request. Another account's key reads as not found.
 */
public final class ApiKeyEndpoints implements Endpoints {
    private final SessionAuth auth;
    private final KeyService keyService;
    private final ApiKeyRepository keys;
    private final AuditLog audit;
    private final Clock clock;

    public ApiKeyEndpoints(SessionAuth auth, KeyService keyService, ApiKeyRepository keys, AuditLog audit, Clock clock) {
        this.clock = clock;
        this.auth = auth;
        this.keyService = keyService;
        this.keys = keys;
        this.audit = audit;
    }

    @Override
    public java.util.List<ApiDoc> documented() {
        return java.util.List.of(
                ApiDoc.json("POST", "/auth/api-keys", "keys", "Create a scoped API key (shown once)", SIGNED_IN),
                ApiDoc.json("GET", "/auth/api-keys", "keys", "The account's keys, with usage", SIGNED_IN),
                ApiDoc.json("PATCH", "/auth/api-keys/{id}", "keys", "Change a key's name, scopes, bindings, limit, expiry or enabled flag", SIGNED_IN),
                ApiDoc.json("DELETE", "/auth/api-keys/{id}", "keys", "Revoke a key", SIGNED_IN),
                ApiDoc.json("POST", "/auth/api-keys/{id}/regenerate", "keys", "Replace a key's secret (shown once)", SIGNED_IN));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/auth/api-keys", ctx -> {
            var account = auth.require(ctx).account();
            var created = create(account, Bodies.object(ctx));
            var o = json(created.record(), false, clock.instant());
            o.put("key", created.plainKey());
            Responses.json(ctx, 201, o);
        });
        routes.get("/auth/api-keys", ctx -> {
            var account = auth.require(ctx).account();
            var body = Json.object();
            var list = body.putArray("keys");
            for (var k : keys.listByAccount(account.id())) list.add(json(k, true, clock.instant()));
            Responses.json(ctx, 200, body);
        });
        routes.patch("/auth/api-keys/{id}", ctx -> {
            var account = auth.require(ctx).account();
            var updated = update(account, ctx.pathParam("id"), Bodies.object(ctx));
            Responses.json(ctx, 200, json(updated, false, clock.instant()));
        });
        routes.delete("/auth/api-keys/{id}", ctx -> {
            var account = auth.require(ctx).account();
            revoke(account, ctx.pathParam("id"));
            Responses.json(ctx, 200, Json.object().put("success", true).put("message", "API key deleted"));
        });
        routes.post("/auth/api-keys/{id}/regenerate", ctx -> {
            var account = auth.require(ctx).account();
            Responses.json(ctx, 200, Json.object().put("key", regenerate(account, ctx.pathParam("id"))));
        });
    }

    /** Creates a key for the account from an upstream-shaped body. */
    public KeyService.CreatedKey create(AccountRecord account, ObjectNode body) {
        var name = Fields.text(body, "name");
        if (name == null) throw new ApiException(400, "Name is required");
        if (name.length() > 100) throw new ApiException(400, "Name must be at most 100 characters");
        var scopes = scopes(Fields.strings(body, "scopes"));
        if (scopes.isEmpty()) throw new ApiException(400, "At least one scope is required");
        var spec = new KeySpec(account.name(), name, scopes, clientIds(body), Fields.text(body, "scopedUserId"),
                userIds(body), Fields.instant(body, "expiresAt"), Fields.number(body, "monthlyLimit"));
        try {
            var created = keyService.createKey(spec);
            audit.record(new AuditLog.Who(account.id(), "session", created.record().id(), name), null, "key.created", null);
            return created;
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        }
    }

    ApiKeyRecord update(AccountRecord account, String id, ObjectNode body) {
        var k = keys.findForAccount(account.id(), id).orElseThrow(() -> new ApiException(404, "API key not found"));
        var name = body.has("name") ? Fields.text(body, "name") : k.name();
        if (name == null) throw new ApiException(400, "Name is required");
        var scopes = body.has("scopes") ? scopes(Fields.strings(body, "scopes")).stream().map(Scope::wireName).toList() : k.scopes();
        if (scopes.isEmpty()) throw new ApiException(400, "At least one scope is required");
        var clientIds = body.has("scopedClientIds") || body.has("scopedClientId") ? clientIds(body) : k.clientIds();
        var user = body.has("scopedUserId") ? Fields.text(body, "scopedUserId") : k.foundryUser();
        var users = body.has("scopedUserIds") ? userIds(body) : k.foundryUsers();
        var limit = body.has("monthlyLimit") ? Fields.number(body, "monthlyLimit") : k.monthlyLimit();
        if (limit != null && limit < 0) throw new ApiException(400, "'monthlyLimit' must be 0 or more");
        Long expires = k.expiresAt();
        if (body.has("expiresAt")) {
            var at = Fields.instant(body, "expiresAt");
            expires = at == null ? null : at.toEpochMilli();
        }
        boolean enabled = k.enabled();
        if (body.has("enabled")) {
            if (!body.get("enabled").isBoolean()) throw new ApiException(400, "'enabled' must be a valid boolean");
            enabled = body.get("enabled").asBoolean();
        }
        var updated = new ApiKeyRecord(k.id(), k.accountId(), k.accountName(), name, k.keyHash(), k.keyPrefix(), scopes,
                clientIds, user, users, limit, k.usageMonth(), k.requestsThisMonth(), expires, enabled, k.createdAt(),
                k.lastUsedAt());
        keys.update(updated);
        var action = body.size() == 1 && body.has("enabled") ? (enabled ? "key.enabled" : "key.disabled") : "key.updated";
        audit.record(new AuditLog.Who(account.id(), "session", k.id(), name), null, action, null);
        return updated;
    }

    /** Turns one of the account's keys off or back on. */
    public void setEnabled(AccountRecord account, String id, boolean enabled) {
        update(account, id, org.foundryrelay.json.Json.object().put("enabled", enabled));
    }

    /** Deletes one of the account's keys for good. */
    public void revoke(AccountRecord account, String id) {
        var k = keys.findForAccount(account.id(), id).orElseThrow(() -> new ApiException(404, "API key not found"));
        keys.deleteForAccount(account.id(), id);
        audit.record(new AuditLog.Who(account.id(), "session", k.id(), k.name()), null, "key.revoked", null);
    }

    String regenerate(AccountRecord account, String id) {
        var k = keys.findForAccount(account.id(), id).orElseThrow(() -> new ApiException(404, "API key not found"));
        var plain = Secrets.randomHex(32);
        keys.replaceSecret(account.id(), id, Secrets.sha256(plain), plain.substring(0, 8));
        audit.record(new AuditLog.Who(account.id(), "session", k.id(), k.name()), null, "key.regenerated", null);
        return plain;
    }

    static Set<Scope> scopes(List<String> names) {
        var scopes = EnumSet.noneOf(Scope.class);
        if (names == null) return scopes;
        for (var n : names) scopes.add(Scope.fromWire(n).orElseThrow(() -> new ApiException(400, "Invalid scope: " + n)));
        return scopes;
    }

    private static List<String> clientIds(ObjectNode body) {
        var many = Fields.strings(body, "scopedClientIds");
        if (many != null) return List.copyOf(many);
        var one = Fields.text(body, "scopedClientId");
        return one == null ? List.of() : List.of(one);
    }

    private static Map<String, String> userIds(ObjectNode body) {
        var node = body.get("scopedUserIds");
        if (node == null || node.isNull()) return Map.of();
        if (!node.isObject()) throw new ApiException(400, "'scopedUserIds' must be an object");
        var map = new LinkedHashMap<String, String>();
        node.properties().forEach(e -> {
            if (!e.getValue().isTextual()) throw new ApiException(400, "'scopedUserIds' values must be strings");
            map.put(e.getKey(), e.getValue().asText());
        });
        return map;
    }

    /** A key as the established API shows it at {@code now}; {@code masked} shows only its first characters. */
    static ObjectNode json(ApiKeyRecord k, boolean masked, Instant now) {
        var o = Json.object().put("id", k.id());
        if (masked) o.put("key", k.keyPrefix() + "...");
        o.put("name", k.name());
        var scopes = o.putArray("scopes");
        k.scopes().forEach(scopes::add);
        o.put("scopedClientId", k.clientIds().size() == 1 ? k.clientIds().getFirst() : null);
        var clients = o.putArray("scopedClientIds");
        k.clientIds().forEach(clients::add);
        o.put("scopedUserId", k.foundryUser());
        var users = o.putObject("scopedUserIds");
        k.foundryUsers().forEach(users::put);
        if (k.monthlyLimit() == null) o.putNull("monthlyLimit"); else o.put("monthlyLimit", k.monthlyLimit());
        o.put("requestsThisMonth", YearMonth.from(now.atZone(ZoneOffset.UTC)).toString().equals(k.usageMonth())
                ? k.requestsThisMonth() : 0);
        o.put("expiresAt", AccountEndpoints.instant(k.expiresAt()));
        o.put("isExpired", k.expiresAt() != null && k.expiresAt() <= now.toEpochMilli());
        o.put("enabled", k.enabled());
        o.put("createdAt", AccountEndpoints.instant(k.createdAt()));
        o.put("lastUsedAt", AccountEndpoints.instant(k.lastUsedAt()));
        return o;
    }
}
