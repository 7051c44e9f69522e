package org.foundryrelay.accounts;

import org.foundryrelay.http.ApiDoc;
import static org.foundryrelay.http.ApiDoc.Access.SIGNED_IN;
import static org.foundryrelay.http.ApiDoc.Access.OPEN;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import org.foundryrelay.auth.RateLimiter;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.http.Bodies;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.http.RequestLog;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;
import org.foundryrelay.store.KeyRequestRecord;

/**
 * {@code /auth/key-request}: an integration asks for a key, polls its status or exchanges its code; a
 * signed-in person reads, approves or denies it. Asking and exchanging are limited per address.
 */
public final class KeyRequestEndpoints implements Endpoints {
    private static final String TOO_MANY = "Too many key request attempts from this IP, please try again later";

    private final SessionAuth auth;
    private final KeyRequests requests;
    private final RateLimiter limiter;
    private final String publicUrl;

    /** @param publicUrl the relay's address for approval links, or null to use the request's Host */
    public KeyRequestEndpoints(SessionAuth auth, KeyRequests requests, RateLimiter limiter, String publicUrl) {
        this.auth = auth;
        this.requests = requests;
        this.limiter = limiter;
        this.publicUrl = publicUrl;
    }

    @Override
    public java.util.List<ApiDoc> documented() {
        return java.util.List.of(
                ApiDoc.json("POST", "/auth/key-request", "keys", "An integration asks a person for a key", OPEN),
                ApiDoc.json("POST", "/auth/key-request/exchange", "keys", "The integration exchanges an approved request for its key", OPEN),
                ApiDoc.json("GET", "/auth/key-request/{code}/status", "keys", "Poll a key request", OPEN),
                ApiDoc.json("GET", "/auth/key-request/{code}", "keys", "A key request's details, for the person approving it", SIGNED_IN),
                ApiDoc.json("POST", "/auth/key-request/{code}/approve", "keys", "Approve a key request with chosen scopes", SIGNED_IN),
                ApiDoc.json("POST", "/auth/key-request/{code}/deny", "keys", "Deny a key request", SIGNED_IN));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/auth/key-request", this::ask);
        routes.post("/auth/key-request/exchange", this::exchange);
        routes.get("/auth/key-request/{code}/status", this::status);
        routes.get("/auth/key-request/{code}", ctx -> {
            auth.require(ctx);
            RequestLog.maskPath(ctx, "/auth/key-request/{code}");
            var r = requests.find(code(ctx)).orElseThrow(() -> new ApiException(404, "Key request not found"));
            Responses.json(ctx, 200, details(r, requests.expired(r)));
        });
        routes.post("/auth/key-request/{code}/approve", ctx -> {
            var account = auth.require(ctx).account();
            RequestLog.maskPath(ctx, "/auth/key-request/{code}/approve");
            var body = Bodies.object(ctx);
            var grant = new KeyRequests.Grant(Fields.strings(body, "scopes"), Fields.strings(body, "clientIds"),
                    Fields.number(body, "monthlyLimit"), Fields.instant(body, "expiresAt"));
            var approved = requests.approve(account, code(ctx), grant);
            var o = Json.object().put("success", true).put("keyId", approved.getKey().keyId());
            var scopes = o.putArray("scopes");
            approved.getKey().grantedScopes().forEach(scopes::add);
            if (!approved.getValue().isEmpty()) o.put("exchangeCode", approved.getValue());
            Responses.json(ctx, 200, o);
        });
        routes.post("/auth/key-request/{code}/deny", ctx -> {
            var account = auth.require(ctx).account();
            RequestLog.maskPath(ctx, "/auth/key-request/{code}/deny");
            requests.deny(account, code(ctx));
            Responses.json(ctx, 200, Json.object().put("success", true).put("message", "Key request denied"));
        });
    }

    private void ask(Context ctx) {
        charge(ctx);
        var body = Bodies.object(ctx);
        var r = requests.create(new KeyRequests.Ask(Fields.text(body, "appName"), Fields.text(body, "appDescription"),
                Fields.text(body, "appUrl"), Fields.strings(body, "scopes"), Fields.strings(body, "clientIds"),
                Fields.text(body, "callbackUrl"), Fields.number(body, "suggestedMonthlyLimit"),
                Fields.text(body, "suggestedExpiry")));
        var base = publicUrl != null ? publicUrl : (ctx.scheme() + "://" + ctx.host());
        Responses.json(ctx, 201, Json.object().put("code", r.code()).put("approvalUrl", base + "/approve/" + r.code())
                .put("expiresIn", KeyRequests.TTL.toSeconds())
                .put("expiresAt", AccountEndpoints.instant(r.expiresAt())));
    }

    private void status(Context ctx) {
        RequestLog.maskPath(ctx, "/auth/key-request/{code}/status");
        var found = requests.find(code(ctx));
        if (found.isEmpty()) {
            charge(ctx);
            throw new ApiException(404, "Key request not found");
        }
        var r = found.get();
        switch (r.status()) {
            case "pending" -> {
                if (requests.expired(r)) Responses.json(ctx, 410, state("expired"));
                else Responses.json(ctx, 200, state("pending"));
            }
            case "approved" -> {
                var collected = requests.collect(r);
                if (collected.isPresent()) Responses.json(ctx, 200, collected(state("approved"), collected.get()));
                else Responses.json(ctx, 200, exchanged());
            }
            case "exchanged" -> Responses.json(ctx, 200, exchanged());
            default -> Responses.json(ctx, 200, state("denied"));
        }
    }

    private void exchange(Context ctx) {
        charge(ctx);
        var code = Fields.text(Bodies.object(ctx), "code");
        if (code == null) throw new ApiException(400, "code is required");
        var r = requests.byExchangeCode(code).orElseThrow(() -> new ApiException(404, "Invalid exchange code"));
        var collected = r.status().equals("approved") ? requests.collect(r) : java.util.Optional.<KeyRequests.Collected>empty();
        if (collected.isEmpty()) throw new ApiException(410, "Exchange code has already been used or request was denied");
        Responses.json(ctx, 200, collected(Json.object(), collected.get()));
    }

    private void charge(Context ctx) {
        if (!limiter.enabled()) return;
        var d = limiter.acquire(SessionAuth.address(ctx));
        if (!d.allowed()) throw new ApiException(429, Json.error(TOO_MANY), Map.of("Retry-After", Long.toString(d.resetSeconds())));
    }

    private static String code(Context ctx) {
        return ctx.pathParam("code").toUpperCase(Locale.ROOT);
    }

    private static ObjectNode state(String status) {
        return Json.object().put("status", status);
    }

    private static ObjectNode exchanged() {
        return state("exchanged").put("message", "API key has already been retrieved");
    }

    private static ObjectNode collected(ObjectNode o, KeyRequests.Collected c) {
        o.put("apiKey", c.apiKey());
        var scopes = o.putArray("scopes");
        c.scopes().forEach(scopes::add);
        var clients = o.putArray("clientIds");
        c.clientIds().forEach(clients::add);
        return o;
    }

    static ObjectNode details(KeyRequestRecord r, boolean expired) {
        var o = Json.object().put("code", r.code()).put("appName", r.appName()).put("appDescription", r.appDescription())
                .put("appUrl", r.appUrl()).put("callbackUrl", r.callbackUrl())
                .put("status", r.status().equals("pending") && expired ? "expired" : r.status())
                .put("suggestedExpiry", r.suggestedExpiry()).put("expiresAt", AccountEndpoints.instant(r.expiresAt()));
        if (r.suggestedMonthlyLimit() == null) o.putNull("suggestedMonthlyLimit");
        else o.put("suggestedMonthlyLimit", r.suggestedMonthlyLimit());
        var scopes = o.putArray("scopes");
        r.requestedScopes().forEach(scopes::add);
        var clients = o.putArray("clientIds");
        r.requestedClientIds().forEach(clients::add);
        return o;
    }
}
