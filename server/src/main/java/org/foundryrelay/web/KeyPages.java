package org.foundryrelay.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import org.foundryrelay.accounts.AccountService;
import org.foundryrelay.accounts.ApiKeyEndpoints;
import org.foundryrelay.accounts.KeyRequests;
import org.foundryrelay.accounts.Worlds;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.http.RequestLog;
import org.foundryrelay.json.Json;
import org.foundryrelay.store.ApiKeyRepository;

/** The dashboard's key pages: keys (create, show once, usage, disable, revoke) and integrations' key requests. */
public final class KeyPages implements org.foundryrelay.http.Endpoints {
    private final Web web;
    private final ApiKeyEndpoints keyApi;
    private final ApiKeyRepository keys;
    private final KeyRequests requests;
    private final Worlds worlds;

    public KeyPages(AccountService accounts, ApiKeyEndpoints keyApi, ApiKeyRepository keys, KeyRequests requests, Worlds worlds) {
        this.web = new Web(accounts);
        this.keyApi = keyApi;
        this.keys = keys;
        this.requests = requests;
        this.worlds = worlds;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/dashboard/keys", ctx -> {
            var s = Session.require(web, ctx);
            if (s != null) keysPage(ctx, s.page("API keys", "keys"), null);
        });
        routes.post("/dashboard/keys", this::create);
        routes.post("/dashboard/keys/{id}/{action}", this::keyAction);
        routes.get("/approve/{code}", this::approvePage);
        routes.post("/dashboard/key-requests/{code}/{decision}", this::decide);
    }

    private void keysPage(Context ctx, Page page, String newKey) {
        var model = new HashMap<String, Object>();
        model.put("page", page);
        model.put("keys", keys.listByAccount(page.account().id()));
        model.put("groups", Views.scopeGroups(null));
        model.put("worlds", worlds.list(page.account().id()));
        // Requests belong to no account until approved; only admins browse them, others open /approve/CODE.
        model.put("requests", page.admin() ? requests.pending() : List.of());
        model.put("newKey", newKey == null ? "" : newKey);
        model.put("month", java.time.YearMonth.now(ZoneOffset.UTC).toString());
        Web.render(ctx, page.error() == null ? 200 : 400, "keys.jte", model);
    }

    private void create(Context ctx) {
        var s = Session.require(web, ctx);
        if (s == null) return;
        var page = s.page("API keys", "keys");
        try {
            var body = Json.object().put("name", Web.form(ctx, "name"));
            var scopes = body.putArray("scopes");
            ctx.formParams("scope").forEach(scopes::add);
            var clients = body.putArray("scopedClientIds");
            ctx.formParams("client").forEach(clients::add);
            body.put("scopedUserId", Web.form(ctx, "foundryUser"));
            var limit = Web.form(ctx, "monthlyLimit");
            if (limit != null) body.put("monthlyLimit", limit);
            var expires = Web.form(ctx, "expires");
            if (expires != null) {
                try {
                    body.put("expiresAt", LocalDate.parse(expires).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
                } catch (DateTimeParseException e) {
                    throw new ApiException(400, "Expiry must be a date");
                }
            }
            var created = keyApi.create(s.account(), body);
            keysPage(ctx, page.withNotice("Key \"" + created.record().name()
                    + "\" created. Copy it now: it is shown only this once."), created.plainKey());
        } catch (ApiException e) {
            keysPage(ctx, page.withError(e.getMessage()), null);
        }
    }

    private void keyAction(Context ctx) {
        var s = Session.require(web, ctx);
        if (s == null) return;
        var id = ctx.pathParam("id");
        var page = s.page("API keys", "keys");
        try {
            switch (ctx.pathParam("action")) {
                case "revoke" -> {
                    keyApi.revoke(s.account(), id);
                    page = page.withNotice("Key revoked: it stops working with its next request.");
                }
                case "disable", "enable" -> {
                    keyApi.setEnabled(s.account(), id, ctx.pathParam("action").equals("enable"));
                    page = page.withNotice("Key " + ctx.pathParam("action") + "d.");
                }
                default -> throw new ApiException(404, "Unknown key action");
            }
        } catch (ApiException e) {
            page = page.withError(e.getMessage());
        }
        keysPage(ctx, page, null);
    }

    private void approvePage(Context ctx) {
        RequestLog.maskPath(ctx, "/approve/{code}");
        var s = Session.require(web, ctx);
        if (s == null) return;
        var code = ctx.pathParam("code").toUpperCase(Locale.ROOT);
        var found = requests.find(code);
        var model = new HashMap<String, Object>();
        var page = s.page("Approve a key request", "keys");
        if (found.isEmpty()) {
            Web.render(ctx, 404, "message.jte", java.util.Map.of("page", page.withError("No key request with code " + code + ".")));
            return;
        }
        var r = found.get();
        model.put("page", page);
        model.put("request", r);
        model.put("expired", requests.expired(r));
        model.put("groups", Views.scopeGroups(r.requestedScopes()));
        model.put("worlds", worlds.list(s.account().id()));
        Web.render(ctx, 200, "approve.jte", model);
    }

    private void decide(Context ctx) {
        RequestLog.maskPath(ctx, "/dashboard/key-requests/{code}/{decision}");
        var s = Session.require(web, ctx);
        if (s == null) return;
        var code = ctx.pathParam("code").toUpperCase(Locale.ROOT);
        var page = s.page("API keys", "keys");
        try {
            if (ctx.pathParam("decision").equals("approve")) {
                var approved = requests.approve(s.account(), code,
                        new KeyRequests.Grant(List.copyOf(ctx.formParams("scope")), List.copyOf(ctx.formParams("client")), null, null));
                var r = approved.getKey();
                if (r.callbackUrl() != null) {
                    var sep = r.callbackUrl().contains("?") ? "&" : "?";
                    var model = new HashMap<String, Object>();
                    model.put("page", page.withNotice("Approved. " + r.appName() + " receives its key when you continue."));
                    model.put("link", r.callbackUrl() + sep + "code=" + approved.getValue());
                    Web.render(ctx, 200, "message.jte", model);
                    return;
                }
                page = page.withNotice("Approved: " + r.appName() + " collects its key by itself.");
            } else {
                requests.deny(s.account(), code);
                page = page.withNotice("Key request denied.");
            }
        } catch (ApiException e) {
            page = page.withError(e.getMessage());
        }
        keysPage(ctx, page, null);
    }
}
