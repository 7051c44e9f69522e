package org.foundryrelay.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.foundryrelay.foundry.Reply;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.http.Bodies;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.json.Json;

/**
 * The HTTP edge of the route table: one handler behind every row. It checks the key and the row's scope,
 * hands the call to the {@link Forwarder}, and writes the world's answer back untouched. The world comes
 * from the {@code clientId} query parameter, else the {@code x-client-id} header; {@code PATCH} is
 * accepted wherever {@code PUT} is, as clients send either for updates. A non-GET call with an
 * {@code Idempotency-Key} header runs at most once per key (see {@link IdempotentCalls}).
 */
public final class ForwardingEndpoints implements Endpoints {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final List<Route> routes;
    private final ApiGuard guard;
    private final Forwarder forwarder;
    private final Uploads uploads;
    private final IdempotentCalls idempotent;

    public ForwardingEndpoints(List<Route> routes, ApiGuard guard, Forwarder forwarder, IdempotentCalls idempotent) {
        this.idempotent = idempotent;
        this.routes = routes;
        this.guard = guard;
        this.forwarder = forwarder;
        this.uploads = new Uploads(forwarder);
    }

    @Override
    public void register(RoutesConfig config) {
        for (var route : routes) {
            config.addHttpHandler(new HandlerType(route.method().name()), route.path(), ctx -> forward(route, ctx));
            if (route.method() == Method.PUT) config.addHttpHandler(HandlerType.PATCH, route.path(), ctx -> forward(route, ctx));
        }
    }

    private void forward(Route route, Context ctx) {
        var principal = guard.require(ctx, route.scope());
        var clientId = ctx.queryParam("clientId");
        if (clientId == null || clientId.isEmpty()) clientId = ctx.header("x-client-id");
        try {
            if (route.path().equals(FileRoutes.UPLOAD_PATH) && Uploads.isRaw(ctx)) {
                uploads.raw(route, ctx, principal, clientId);
                return;
            }
            forwardJson(route, ctx, principal, clientId);
        } catch (CallRefused refused) {
            throw new ApiException(status(refused.reason()), refused.body());
        } catch (IdempotentCalls.Mismatch mismatch) {
            throw new ApiException(422, mismatch.getMessage());
        }
    }

    private void forwardJson(Route route, Context ctx, org.foundryrelay.auth.Principal principal, String clientId) {
        var body = route.method().isRead() ? Json.object() : Bodies.object(ctx);
        Inputs inputs = (from, name) -> switch (from) {
            case QUERY -> text(ctx.queryParam(name));
            case PATH -> text(ctx.pathParamMap().get(name));
            case BODY -> {
                var v = body.get(name);
                yield v == null || v.isNull() ? null : v;
            }
            default -> throw new IllegalArgumentException("not a single place: " + from);
        };
        var prepared = forwarder.prepare(principal, route, inputs, clientId);
        Supplier<Reply> call = () -> {
            var streamed = route.path().equals(FileRoutes.UPLOAD_PATH) ? uploads.sendJson(principal, prepared) : null;
            return streamed != null ? streamed : forwarder.send(principal, prepared).join();
        };
        var key = route.method().isRead() ? null : ctx.header("Idempotency-Key");
        if (key == null || key.isBlank()) {
            BinaryReplies.write(ctx, route, prepared.payload(), call.get());
            return;
        }
        if (key.length() > 255) throw new ApiException(400, "Idempotency-Key must be at most 255 characters");
        var request = route.method() + " " + route.path() + " " + ctx.queryString() + " " + clientId + " " + body;
        var outcome = idempotent.run(principal.keyId(), key, request, () -> CompletableFuture.completedFuture(call.get()));
        if (outcome.replayed()) ctx.header("Idempotent-Replayed", "true");
        BinaryReplies.write(ctx, route, prepared.payload(), outcome.reply());
    }

    // An empty query value (?x=) counts as absent.
    private static JsonNode text(String value) {
        return value == null || value.isEmpty() ? null : NODES.textNode(value);
    }

    /** The HTTP status for a refusal, as upstream clients expect it. */
    public static int status(CallRefused.Reason reason) {
        return switch (reason) {
            case INVALID, AMBIGUOUS_WORLD -> 400;
            case FORBIDDEN -> 403;
            case NO_WORLD, UNKNOWN_ROUTE -> 404;
            case UNAVAILABLE -> 503;
        };
    }
}
