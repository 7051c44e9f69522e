package org.foundryrelay.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Locale;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.http.Bodies;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;

/**
 * The one handler behind every row of the route table: authenticate, read the declared parameters, pick
 * the world, bind the Foundry user, forward, and write the world's answer back untouched.
 */
public final class ForwardingEndpoints implements Endpoints {
    private final List<Route> routes;
    private final ApiGuard guard;
    private final WorldHub hub;
    private final ClientResolver resolver;
    private final long defaultTimeoutMillis;
    private final WorldActivity activity;

    public ForwardingEndpoints(List<Route> routes, ApiGuard guard, WorldHub hub, long defaultTimeoutMillis) {
        this(routes, guard, hub, defaultTimeoutMillis, WorldActivity.NONE);
    }

    public ForwardingEndpoints(List<Route> routes, ApiGuard guard, WorldHub hub, long defaultTimeoutMillis,
                               WorldActivity activity) {
        this.routes = routes;
        this.activity = activity;
        this.guard = guard;
        this.hub = hub;
        this.resolver = new ClientResolver(hub);
        this.defaultTimeoutMillis = defaultTimeoutMillis;
    }

    @Override
    public void register(RoutesConfig config) {
        for (var route : routes) {
            config.addHttpHandler(new HandlerType(route.method().toUpperCase(Locale.ROOT)), route.path(),
                    ctx -> forward(route, ctx));
        }
    }

    private void forward(Route route, Context ctx) {
        var principal = guard.require(ctx, route.scope());
        long started = System.nanoTime();
        var body = route.method().equals("GET") ? Json.object() : Bodies.object(ctx);
        var payload = Json.object();
        ParamReader.read(route, ctx, body, payload);
        var world = resolver.resolve(ctx, principal);
        activity.forwarded(principal.accountId(), world.clientId());
        var boundUser = principal.foundryUserFor(world.clientId());
        if (boundUser != null) payload.put("userId", boundUser);
        var scopes = payload.putArray("_scopes");
        principal.scopes().forEach(s -> scopes.add(s.wireName()));
        if (!payload.has("data")) payload.putObject("data");
        long timeout = route.timeoutMillis() > 0 ? route.timeoutMillis() : defaultTimeoutMillis;
        var reply = hub.request(world, route.messageType(), payload, timeout).join();
        Responses.rawJson(ctx, reply.status(), reply.body());
        activity.completed(principal.accountId(), principal.keyId(), world.clientId(), route.method() + " " + route.path(),
                reply.status(), (System.nanoTime() - started) / 1_000_000);
    }
}
