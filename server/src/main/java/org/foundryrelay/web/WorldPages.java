package org.foundryrelay.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import org.foundryrelay.accounts.AccountService;
import org.foundryrelay.accounts.Worlds;
import org.foundryrelay.audit.AuditLog;
import org.foundryrelay.events.Channel;
import org.foundryrelay.events.EventEndpoints;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.http.RequestLog;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;
import org.foundryrelay.session.HeadlessSessions;

/**
 * The dashboard's world pages: worlds (status lights, pairing with a code, device-flow approvals, the link
 * test, rename, unpair), headless sessions, live events and the activity log.
 */
public final class WorldPages implements org.foundryrelay.http.Endpoints {
    private final Web web;
    private final Worlds worlds;
    private final HeadlessSessions sessions;
    private final EventEndpoints events;
    private final AuditLog audit;

    public WorldPages(AccountService accounts, Worlds worlds, HeadlessSessions sessions, EventEndpoints events, AuditLog audit) {
        this.web = new Web(accounts);
        this.worlds = worlds;
        this.sessions = sessions;
        this.events = events;
        this.audit = audit;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/dashboard/worlds", ctx -> {
            var s = Session.require(web, ctx);
            if (s != null) worldsPage(ctx, s, s.page("Worlds", "worlds"), null);
        });
        routes.post("/dashboard/worlds/pair", ctx -> {
            var s = Session.require(web, ctx);
            if (s == null) return;
            var code = worlds.pairingCode(s.account().id(), null);
            worldsPage(ctx, s, s.page("Worlds", "worlds"), code);
        });
        routes.post("/dashboard/worlds/{id}/{action}", this::worldAction);
        routes.post("/dashboard/pair-requests/{code}/{decision}", ctx -> {
            RequestLog.maskPath(ctx, "/dashboard/pair-requests/{code}/{decision}");
            var s = Session.require(web, ctx);
            if (s == null) return;
            var code = org.foundryrelay.auth.PairRequests.normalizedHandle(ctx.pathParam("code"));
            var page = s.page("Worlds", "worlds");
            try {
                if (ctx.pathParam("decision").equals("approve")) worlds.approve(s.account().id(), code);
                else worlds.deny(s.account().id(), code);
                page = page.withNotice(ctx.pathParam("decision").equals("approve")
                        ? "Approved: the world pairs by itself within a few seconds." : "Request denied.");
            } catch (ApiException e) {
                page = page.withError(e.body().path("message").asText(e.getMessage()));
            }
            worldsPage(ctx, s, page, null);
        });
        routes.get("/dashboard/api/worlds", ctx -> {
            var s = Session.require(web, ctx);
            if (s == null) return;
            var body = Json.object();
            var list = body.putArray("worlds");
            for (var w : rows(s.account().id())) {
                list.addObject().put("clientId", w.clientId()).put("name", w.name()).put("online", w.online())
                        .put("lastSeen", w.lastSeen());
            }
            Responses.json(ctx, 200, body);
        });
        routes.get("/dashboard/sessions", ctx -> {
            var s = Session.require(web, ctx);
            if (s != null) sessionsPage(ctx, s.page("Headless sessions", "sessions"));
        });
        routes.post("/dashboard/sessions/{id}/end", ctx -> {
            var s = Session.require(web, ctx);
            if (s == null) return;
            var page = s.page("Headless sessions", "sessions");
            sessionsPage(ctx, sessions.endForAccount(s.account().id(), ctx.pathParam("id"))
                    ? page.withNotice("Session ended.") : page.withError("No such session (it may have ended already)."));
        });
        routes.get("/dashboard/events", ctx -> {
            var s = Session.require(web, ctx);
            if (s == null) return;
            var online = rows(s.account().id()).stream().filter(Views.WorldRow::online).toList();
            var chosen = ctx.queryParam("clientId");
            if (chosen == null && online.size() == 1) chosen = online.getFirst().clientId();
            var model = new HashMap<String, Object>();
            model.put("page", s.page("Live events", "events"));
            model.put("worlds", online);
            model.put("chosen", chosen == null ? "" : chosen);
            Web.render(ctx, 200, "events.jte", model);
        });
        routes.get("/dashboard/events/stream", ctx -> {
            var s = Session.require(web, ctx);
            if (s == null) return;
            var channel = "combat".equals(ctx.queryParam("channel")) ? Channel.COMBAT : Channel.ROLLS;
            var clientId = ctx.queryParam("clientId");
            if (clientId == null || clientId.isBlank()) throw new ApiException(400, "'clientId' is required");
            events.stream(ctx, s.account().id(), clientId, channel);
        });
        routes.get("/dashboard/activity", ctx -> {
            var s = Session.require(web, ctx);
            if (s == null) return;
            var query = org.foundryrelay.accounts.AccountEndpoints.query(ctx, s.account().id());
            var model = new HashMap<String, Object>();
            model.put("page", s.page("Activity", "activity"));
            model.put("entries", audit.find(query));
            model.put("worlds", rows(s.account().id()));
            model.put("filter", query);
            Web.render(ctx, 200, "activity.jte", model);
        });
    }

    List<Views.WorldRow> rows(String accountId) {
        var connected = worlds.connected(accountId); // on any relay of a cluster
        var out = new ArrayList<Views.WorldRow>();
        for (var w : worlds.list(accountId)) {
            boolean online = connected.containsKey(w.clientId());
            var name = w.customName() != null ? w.customName() : w.worldTitle() != null ? w.worldTitle() : w.clientId();
            var system = w.systemTitle() == null ? (w.systemId() == null ? "" : w.systemId())
                    : w.systemTitle() + (w.systemVersion() == null ? "" : " " + w.systemVersion());
            out.add(new Views.WorldRow(w.clientId(), name, w.worldTitle(), online,
                    online ? "now" : Views.when(w.lastSeenAt()), w.foundryVersion() == null ? "" : w.foundryVersion(), system));
        }
        return out;
    }

    private void worldsPage(Context ctx, Session s, Page page, org.foundryrelay.auth.Pairing.Code code) {
        var model = new HashMap<String, Object>();
        model.put("page", page);
        model.put("worlds", rows(s.account().id()));
        model.put("requests", pendingFor(ctx, s));
        model.put("code", code == null ? "" : code.code());
        model.put("expiresAt", code == null ? 0L : code.expiresAt().toEpochMilli());
        model.put("relayUrl", (ctx.scheme().equals("https") ? "wss://" : "ws://") + ctx.host());
        Web.render(ctx, page.error() == null ? 200 : 400, "worlds.jte", model);
    }

    // Pending requests belong to no account until approved: admins see them all; anyone else sees only the one
    // whose code they hold (the module's pair page links here with it), so no one browses other people's worlds.
    private List<org.foundryrelay.store.PairRequestRecord> pendingFor(Context ctx, Session s) {
        if (s.account().isAdmin()) return worlds.pairRequests().pending();
        var code = ctx.queryParam("pair");
        if (code == null) return List.of();
        return worlds.pairRequests().find(code.trim().toUpperCase(Locale.ROOT))
                .filter(r -> worlds.pairRequests().stateOf(r) == org.foundryrelay.auth.PairRequests.State.PENDING)
                .map(List::of).orElse(List.of());
    }

    private void worldAction(Context ctx) {
        var s = Session.require(web, ctx);
        if (s == null) return;
        var id = ctx.pathParam("id");
        var accountId = s.account().id();
        var page = s.page("Worlds", "worlds");
        switch (ctx.pathParam("action")) {
            case "test" -> {
                Responses.json(ctx, 200, testLink(accountId, id));
                return;
            }
            case "rename" -> {
                worlds.rename(accountId, id, Web.form(ctx, "name"));
                page = page.withNotice("World renamed.");
            }
            case "unpair" -> {
                worlds.unpair(accountId, id);
                page = page.withNotice("World unpaired: its tokens are revoked and it was disconnected.");
            }
            default -> throw new ApiException(404, "Unknown world action");
        }
        worldsPage(ctx, s, page, null);
    }

    // A message through the world and back: what a relayed call costs right now.
    private com.fasterxml.jackson.databind.node.ObjectNode testLink(String accountId, String clientId) {
        long started = System.nanoTime();
        var payload = Json.object().put("limit", 1);
        payload.putObject("data");
        var call = worlds.request(accountId, clientId, "rolls", payload, 5_000); // through its relay, in a cluster
        if (call == null) return Json.object().put("ok", false).put("message", "The world is not connected");
        var reply = call.join();
        long ms = Math.max(0, (System.nanoTime() - started) / 1_000_000);
        return Json.object().put("ok", reply.status() == 200).put("ms", ms)
                .put("message", reply.status() == 200 ? "Answered in " + ms + " ms" : "No answer (" + reply.status() + ")");
    }

    private void sessionsPage(Context ctx, Page page) {
        var model = new HashMap<String, Object>();
        model.put("page", page);
        model.put("sessions", sessions.summaries(page.account().id()));
        Web.render(ctx, page.error() == null ? 200 : 404, "sessions.jte", model);
    }
}
