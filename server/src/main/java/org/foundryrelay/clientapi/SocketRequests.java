package org.foundryrelay.clientapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.foundry.Reply;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.json.Json;
import org.foundryrelay.routes.Transport;
import org.foundryrelay.routes.CallRefused;
import org.foundryrelay.routes.Forwarder;
import org.foundryrelay.routes.ForwardingEndpoints;
import org.foundryrelay.routes.Inputs;
import org.foundryrelay.routes.Route;
import org.foundryrelay.routes.RouteTable;

/**
 * Requests over {@code /ws/api}: a frame {@code {"type":<message type>,"requestId",...fields}} is served by
 * the route row for that type, exactly as its HTTP route would serve it — the key checked again, the
 * per-key minute limit, the row's scope, its parameters and rules, bound worlds and bound Foundry user —
 * and the world's answer comes back as {@code <type>-result} with the client's requestId and the world's
 * clientId. Unlike upstream, a type the key lacks the scope for is refused.
 */
final class SocketRequests {
    /** Requests one socket may have waiting on worlds at once. */
    static final int MAX_IN_FLIGHT = 256;

    private final ApiGuard guard;
    private final Forwarder forwarder;

    SocketRequests(ApiGuard guard, Forwarder forwarder) {
        this.guard = guard;
        this.forwarder = forwarder;
    }

    /** The message types a client may send as requests. */
    List<String> supportedTypes() {
        return RouteTable.all().stream().map(Route::messageType).toList();
    }

    void request(ClientSocket socket, String type, ObjectNode frame, JsonNode requestId) {
        var route = RouteTable.byMessageType(type).orElse(null);
        if (route == null) {
            socket.offer(ClientApi.error(requestId, "Unknown message type: \"" + type + "\"", 400));
            return;
        }
        if (requestId == null || requestId.isNull() || (requestId.isTextual() && requestId.asText().isEmpty())) {
            socket.offer(ClientApi.error(null, "Missing \"requestId\" field for request messages", 400));
            return;
        }
        Forwarder.Prepared call;
        try {
            var principal = guard.require(socket.key, socket.address(), route.scope());
            var target = frame.path("clientId").isTextual() ? frame.get("clientId").asText() : socket.clientId;
            // As upstream: every field but the frame's own (type, requestId, clientId) is a parameter.
            frame.remove(List.of("type", "requestId", "clientId"));
            call = forwarder.prepare(principal, route, Inputs.of(frame), target);
            if (socket.inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
                socket.inFlight.decrementAndGet();
                socket.offer(result(type, requestId, target, Json.error("Too many concurrent requests; try again shortly"), 429));
                return;
            }
            forwarder.send(principal, call, Transport.WEBSOCKET).whenComplete((reply, e) -> {
                socket.inFlight.decrementAndGet();
                socket.offer(relabel(type, requestId, call.world().clientId(), reply));
            });
        } catch (ApiException e) {
            socket.offer(ClientApi.error(requestId, e.body(), e.status()));
            // A key revoked, disabled or expired since the socket opened ends the socket too.
            if (e.status() == 401) socket.close(ClientApi.AUTH_FAILED, e.getMessage());
        } catch (CallRefused refused) {
            socket.offer(ClientApi.error(requestId, refused.body(), ForwardingEndpoints.status(refused.reason())));
        }
    }

    /**
     * The world's answer as the client sees it: the module's own JSON with {@code type}, {@code requestId}
     * and {@code clientId} set; or, when the relay answered for the world (timeout, world gone, queue
     * full), a result carrying that error and its status.
     */
    private static String relabel(String type, JsonNode requestId, String clientId, Reply reply) {
        if (reply.status() == 200 || reply.status() == 400) {
            try {
                if (Json.parse(reply.body()) instanceof ObjectNode body) {
                    body.put("type", type + "-result");
                    body.set("requestId", requestId);
                    body.put("clientId", clientId);
                    return Json.write(body);
                }
            } catch (Exception e) {
                // not JSON: reported below as the relay's own error
            }
            return result(type, requestId, clientId, Json.error("Foundry world sent an unreadable answer"), 502);
        }
        ObjectNode body;
        try {
            body = Json.parse(reply.body()) instanceof ObjectNode o ? o : Json.error("Request failed");
        } catch (Exception e) {
            body = Json.error("Request failed");
        }
        return result(type, requestId, clientId, body, reply.status());
    }

    private static String result(String type, JsonNode requestId, String clientId, ObjectNode body, int status) {
        var frame = Json.object().put("type", type + "-result");
        frame.set("requestId", requestId);
        frame.put("clientId", clientId);
        frame.setAll(body);
        frame.put("status", status);
        return Json.write(frame);
    }
}
