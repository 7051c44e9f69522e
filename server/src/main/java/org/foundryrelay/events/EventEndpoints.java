package org.foundryrelay.events;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.json.Json;

/**
 * {@code GET /rolls/subscribe}, {@code GET /encounters/subscribe}, {@code GET /hooks/subscribe},
 * {@code GET /actor/subscribe} and {@code GET /scene/subscribe}: Server-Sent Event streams of a world's
 * rolls, combat changes, Foundry hooks, actor changes and canvas changes. Headers and the first frame are
 * flushed at once, whatever the client's Accept header; every event carries an id, and {@code Last-Event-ID}
 * resumes a stream.
 */
public final class EventEndpoints implements org.foundryrelay.http.Endpoints {
    private final ApiGuard guard;
    private final WorldHub worlds;
    private final EventHub events;
    private final long keepaliveMillis;

    public EventEndpoints(ApiGuard guard, WorldHub worlds, EventHub events, long keepaliveMillis) {
        this.guard = guard;
        this.worlds = worlds;
        this.events = events;
        this.keepaliveMillis = keepaliveMillis;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/rolls/subscribe", ctx -> subscribe(ctx, Channel.ROLLS));
        routes.get("/encounters/subscribe", ctx -> subscribe(ctx, Channel.COMBAT));
        routes.get("/hooks/subscribe", ctx -> subscribe(ctx, Channel.HOOKS));
        routes.get("/actor/subscribe", ctx -> subscribe(ctx, Channel.ACTOR));
        routes.get("/scene/subscribe", ctx -> subscribe(ctx, Channel.SCENE));
    }

    private void subscribe(Context ctx, Channel channel) throws IOException {
        var principal = guard.require(ctx, Scope.EVENTS_SUBSCRIBE);
        var clientId = ctx.queryParam("clientId");
        if (clientId == null || clientId.isEmpty()) throw new ApiException(400, "'clientId' is required");
        if (!principal.mayReach(clientId)) throw new ApiException(403, "API key is not authorized for this client");
        var world = worlds.find(principal.accountId(), clientId);
        if (world == null) {
            throw new ApiException(404, Json.error("Invalid client ID").put("clientId", clientId)
                    .put("message", "No Foundry client connected with this ID."));
        }
        var bound = principal.foundryUserFor(clientId);
        var user = bound != null ? bound : blankToNull(ctx.queryParam("userId"));
        if (user != null && !world.knowsUser(user)) throw new ApiException(400, "User not found: " + user);
        var encounterId = channel == Channel.COMBAT ? blankToNull(ctx.queryParam("encounterId")) : null;
        var filter = switch (channel) {
            case HOOKS, ACTOR, SCENE -> DocumentFilters.of(ctx, channel);
            default -> new Filter(user, encounterId);
        };
        var stream = events.subscribe(principal.accountId(), clientId, channel, filter, lastEventId(ctx));
        if (stream == null) {
            throw new ApiException(429, "Too many SSE connections for this world and channel; close one first");
        }
        try {
            var res = ctx.res();
            res.setStatus(200);
            res.setHeader("Content-Type", "text/event-stream");
            res.setHeader("Cache-Control", "no-cache");
            res.setHeader("Connection", "keep-alive");
            res.setHeader("X-Accel-Buffering", "no");
            var out = res.getOutputStream();
            var hello = Json.object();
            if (channel == Channel.ACTOR) hello.put("actorUuid", java.util.Objects.requireNonNullElse(ctx.queryParam("actorUuid"), ""));
            var connected = Json.write(hello.put("clientId", clientId));
            out.write(("event: connected\ndata: " + connected + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            stream.pump(out, keepaliveMillis);
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            events.unsubscribe(stream);
        }
    }

    private static long lastEventId(Context ctx) {
        var raw = ctx.header("Last-Event-ID");
        if (raw == null || raw.isBlank()) return 0;
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(400, "Last-Event-ID must be an event id from this relay");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
