package org.foundryrelay.events;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.json.Json;

/**
 * {@code GET /rolls/subscribe}, {@code /encounters/subscribe}, {@code /chat/subscribe}, {@code /hooks/subscribe},
 * {@code /actor/subscribe} and {@code /scene/subscribe}: Server-Sent Event streams of a world's rolls, combat
 * changes, chat messages, Foundry hooks, actor changes and canvas changes. Headers and the first frame are
 * flushed at once, whatever the client's Accept header; every event carries an id, and {@code Last-Event-ID}
 * resumes a stream.
 */
public final class EventEndpoints implements org.foundryrelay.http.Endpoints {
    private final ApiGuard guard;
    private final EventHub events;
    private final long keepaliveMillis;

    public EventEndpoints(ApiGuard guard, EventHub events, long keepaliveMillis) {
        this.guard = guard;
        this.events = events;
        this.keepaliveMillis = keepaliveMillis;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/rolls/subscribe", ctx -> subscribe(ctx, Channel.ROLLS));
        routes.get("/encounters/subscribe", ctx -> subscribe(ctx, Channel.COMBAT));
        routes.get("/chat/subscribe", ctx -> subscribe(ctx, Channel.CHAT));
        routes.get("/hooks/subscribe", ctx -> subscribe(ctx, Channel.HOOKS));
        routes.get("/actor/subscribe", ctx -> subscribe(ctx, Channel.ACTOR));
        routes.get("/scene/subscribe", ctx -> subscribe(ctx, Channel.SCENE));
    }

    private void subscribe(Context ctx, Channel channel) throws IOException {
        var principal = guard.require(ctx, Scope.EVENTS_SUBSCRIBE);
        var clientId = ctx.queryParam("clientId");
        EventStream stream;
        try {
            stream = events.subscribe(principal, clientId, channel, ctx::queryParam, lastEventId(ctx), null);
        } catch (SubscriptionRefused refused) {
            throw new ApiException(status(refused.reason()), refused.body());
        }
        serve(ctx, clientId, channel, stream);
    }

    /**
     * Streams one of the account's connected worlds' events, unfiltered, to a caller authenticated some other
     * way (the dashboard's signed-in session).
     */
    public void stream(Context ctx, String accountId, String clientId, Channel channel) throws IOException {
        EventStream stream;
        try {
            stream = events.subscribeAccount(accountId, clientId, channel, lastEventId(ctx));
        } catch (SubscriptionRefused refused) {
            throw new ApiException(status(refused.reason()), refused.body());
        }
        serve(ctx, clientId, channel, stream);
    }

    private void serve(Context ctx, String clientId, Channel channel, EventStream stream) throws IOException {
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

    /** The HTTP status for a refused subscription, as SSE clients see it. */
    public static int status(SubscriptionRefused.Reason reason) {
        return switch (reason) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NO_WORLD -> 404;
            case TOO_MANY -> 429;
            case HOLDER_GONE -> 502;
            case UNAVAILABLE -> 503;
        };
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
}
