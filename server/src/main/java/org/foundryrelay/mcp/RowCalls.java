package org.foundryrelay.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.auth.Principal;
import org.foundryrelay.foundry.Reply;
import org.foundryrelay.json.Json;
import org.foundryrelay.routes.Transport;
import org.foundryrelay.routes.CallRefused;
import org.foundryrelay.routes.Forwarder;
import org.foundryrelay.routes.ForwardingEndpoints;
import org.foundryrelay.routes.Inputs;
import org.foundryrelay.routes.Route;

/**
 * Runs route rows for tool calls, on the same path as HTTP: the row's scope, then the {@link Forwarder}
 * (parameters, rules, bound worlds and Foundry user), tagged as coming by MCP. The key itself, its rate
 * limit and its monthly count were checked when the MCP request arrived.
 */
final class RowCalls {
    static final Transport TRANSPORT = Transport.MCP;

    private final Forwarder forwarder;

    RowCalls(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    /**
     * The world's answer or the relay's refusal, with the HTTP status the same call would have had.
     *
     * @param body    the module's JSON answer, or the relay's {@code {"error": ...}} (with any details)
     * @param refused the relay refused the call before it reached the world
     */
    record Answer(int status, ObjectNode body, boolean refused) {
        Answer(int status, ObjectNode body) {
            this(status, body, false);
        }

        boolean ok() {
            return status == 200;
        }

        /** The error text, for a call that did not succeed. */
        String error() {
            return body.path("error").asText("The call failed with status " + status);
        }
    }

    /** Calls {@code route} with the tool's arguments; never completes exceptionally. */
    CompletableFuture<Answer> call(Principal principal, Route route, ObjectNode args, String clientId) {
        if (!principal.has(route.scope())) {
            return CompletableFuture.completedFuture(new Answer(403, Json.error(ApiGuard.lacksScope(route.scope())), true));
        }
        try {
            var prepared = forwarder.prepare(principal, route, Inputs.of(args), clientId);
            return forwarder.send(principal, prepared, TRANSPORT).thenApply(RowCalls::answer);
        } catch (CallRefused refused) {
            return CompletableFuture.completedFuture(new Answer(ForwardingEndpoints.status(refused.reason()), refused.body(), true));
        }
    }

    private static Answer answer(Reply reply) {
        JsonNode node;
        try {
            node = Json.parse(reply.body());
        } catch (Exception e) {
            return new Answer(502, Json.error("The world's answer is not JSON"));
        }
        if (node instanceof ObjectNode o) return new Answer(reply.status(), o);
        var wrapped = Json.object();
        wrapped.set("result", node);
        return new Answer(reply.status(), wrapped);
    }
}
