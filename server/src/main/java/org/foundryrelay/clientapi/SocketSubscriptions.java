package org.foundryrelay.clientapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.events.Channel;
import org.foundryrelay.events.Event;
import org.foundryrelay.events.EventEndpoints;
import org.foundryrelay.events.EventHub;
import org.foundryrelay.events.SubscriptionRefused;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.json.Json;

/**
 * Event subscriptions over {@code /ws/api}: every channel the relay serves over SSE, through the same
 * {@link EventHub} (same checks, filters and event ids), so SSE streams and socket subscriptions on a
 * world's channel are counted together in what the module is told. Filters are the SSE query parameters,
 * given in the frame's {@code filters} object or as top-level fields.
 */
final class SocketSubscriptions {
    private final ApiGuard guard;
    private final EventHub events;

    SocketSubscriptions(ApiGuard guard, EventHub events) {
        this.guard = guard;
        this.events = events;
    }

    /** The channel names a client may subscribe to, as the welcome frame lists them. */
    List<String> channelNames() {
        return Arrays.stream(Channel.values()).map(Channel::moduleChannel).toList();
    }

    void subscribe(ClientSocket socket, ObjectNode frame, JsonNode requestId) {
        var name = frame.path("channel").asText("");
        var channel = Channel.byModuleChannel(name).orElse(null);
        if (channel == null) {
            socket.offer(ClientApi.error(requestId, "Invalid channel: \"" + name + "\". Supported: "
                    + String.join(", ", channelNames()), 400));
            return;
        }
        var clientId = frame.path("clientId").isTextual() ? frame.get("clientId").asText() : socket.clientId;
        var filters = frame.path("filters");
        long lastEventId = frame.path("lastEventId").asLong(0);
        try {
            var principal = guard.require(socket.key, socket.address(), Scope.EVENTS_SUBSCRIBE);
            var key = clientId + " " + name;
            var old = socket.subscriptions.remove(key);
            if (old != null) events.unsubscribe(old); // subscribing again replaces the filter
            var stream = events.subscribe(principal, clientId, channel, param -> value(filters, frame, param),
                    lastEventId, event -> socket.offer(eventFrame(channel, clientId, event)));
            socket.subscriptions.put(key, stream);
            if (!socket.isOpen()) dropAll(socket); // closed meanwhile: nobody would ever unsubscribe it
        } catch (ApiException e) {
            socket.offer(ClientApi.error(requestId, e.body(), e.status()));
            return;
        } catch (SubscriptionRefused refused) {
            socket.offer(ClientApi.error(requestId, refused.body(), EventEndpoints.status(refused.reason())));
            return;
        }
        var reply = ClientApi.withRequestId(Json.object().put("type", "subscribed").put("channel", name), requestId);
        socket.offer(Json.write(reply.put("clientId", clientId)));
    }

    void unsubscribe(ClientSocket socket, ObjectNode frame, JsonNode requestId) {
        var name = frame.path("channel").isTextual() ? frame.get("channel").asText() : null;
        var clientId = frame.path("clientId").isTextual() ? frame.get("clientId").asText() : null;
        var gone = socket.subscriptions.keySet().stream()
                .filter(k -> (name == null || k.endsWith(" " + name)) && (clientId == null || k.startsWith(clientId + " ")))
                .toList();
        int removed = 0;
        for (var key : gone) {
            var stream = socket.subscriptions.remove(key);
            if (stream != null) {
                events.unsubscribe(stream);
                removed++;
            }
        }
        var reply = Json.object().put("type", "unsubscribed").put("channel", name == null ? "all" : name).put("removed", removed);
        socket.offer(Json.write(ClientApi.withRequestId(reply, requestId)));
    }

    /** Ends every subscription of a socket that closed. */
    void dropAll(ClientSocket socket) {
        for (var key : List.copyOf(socket.subscriptions.keySet())) {
            var stream = socket.subscriptions.remove(key);
            if (stream != null) events.unsubscribe(stream);
        }
    }

    // A filter parameter from the frame's "filters" object, else from its top level.
    private static String value(JsonNode filters, ObjectNode frame, String param) {
        var v = filters.path(param);
        if (v.isMissingNode() || v.isNull()) v = frame.path(param);
        return v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    /**
     * {@code {"type":"roll-event","event":"roll","id":"…","clientId","data":…}}: the SSE event's name, id and
     * data in one frame, typed by channel as upstream's socket events are.
     */
    private static String eventFrame(Channel channel, String clientId, Event event) {
        return "{\"type\":\"" + channel.socketType() + "\",\"event\":" + Json.write(event.name())
                + ",\"id\":\"" + event.id() + "\",\"clientId\":" + Json.write(clientId) + ",\"data\":" + event.data() + "}";
    }
}
