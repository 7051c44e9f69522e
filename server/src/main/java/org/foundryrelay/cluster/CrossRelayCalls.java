package org.foundryrelay.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.HashSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.foundryrelay.foundry.RemoteWorld;
import org.foundryrelay.foundry.Reply;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls between relays over Redis pub/sub. Each relay listens on its own channel. A message is one header line
 * of JSON, a newline, and the rest: for a {@code call}, the payload for the module; for a {@code reply}, the
 * world's answer exactly as it came. The caller waits as it would for a local world; it answers 502 at once
 * when nobody listens on the holder's channel, or when the holder stops listening while the call waits.
 * Redis is trusted: whatever arrives on the channel was checked (key, scope, world) by the relay that sent it.
 */
final class CrossRelayCalls {
    private static final Logger LOG = LoggerFactory.getLogger(CrossRelayCalls.class);
    private static final String TIMEOUT_BODY = Json.write(Json.error("Request timed out"));

    private final String instanceId;
    private final RedisAsyncCommands<String, String> commands;
    private final WorldHub hub;
    private final Cluster cluster;
    private final SharedEvents events;
    private final ConcurrentHashMap<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    private record Waiting(RemoteWorld world, CompletableFuture<Reply> reply) {}

    CrossRelayCalls(String instanceId, RedisAsyncCommands<String, String> commands, WorldHub hub, Cluster cluster,
                    SharedEvents events) {
        this.events = events;
        this.instanceId = instanceId;
        this.commands = commands;
        this.hub = hub;
        this.cluster = cluster;
    }

    // --- the asking relay -----------------------------------------------------------------------------

    CompletableFuture<Reply> request(RemoteWorld world, String type, ObjectNode payload, long timeoutMillis) {
        if (!cluster.reachable()) return CompletableFuture.completedFuture(cluster.unavailable());
        var id = instanceId + "-" + sequence.incrementAndGet();
        var header = Json.object().put("k", "call").put("id", id).put("from", instanceId).put("account", world.accountId())
                .put("client", world.clientId()).put("type", type).put("timeout", timeoutMillis);
        var future = new CompletableFuture<Reply>();
        waiting.put(id, new Waiting(world, future));
        future.completeOnTimeout(new Reply(408, TIMEOUT_BODY), timeoutMillis, TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> waiting.remove(id));
        commands.publish(Cluster.channel(world.instanceId()), Json.write(header) + "\n" + Json.write(payload))
                .whenComplete((listeners, failure) -> {
                    if (failure != null) {
                        cluster.failed(failure);
                        future.complete(cluster.unavailable());
                    } else if (listeners == 0) {
                        future.complete(holderGone(world));
                    }
                });
        return future;
    }

    /** Ends calls whose holding relay stopped listening (it crashed or left), checked a few times a second. */
    void watch() {
        if (!cluster.reachable()) return;
        var holders = new HashSet<String>();
        waiting.values().forEach(w -> holders.add(w.world().instanceId()));
        // Calls end while this runs: asking Redis about no channel at all is an error that would read as Redis down.
        if (holders.isEmpty()) return;
        try {
            var counts = commands.pubsubNumsub(holders.stream().map(Cluster::channel).toArray(String[]::new))
                    .get(1, TimeUnit.SECONDS);
            for (var entry : counts.entrySet()) {
                if (entry.getValue() > 0) continue;
                var gone = entry.getKey().substring(Cluster.channel("").length());
                waiting.values().stream().filter(w -> w.world().instanceId().equals(gone))
                        .forEach(w -> w.reply().complete(holderGone(w.world())));
            }
        } catch (Exception e) {
            cluster.failed(e);
        }
    }

    /** Fails every call waiting for another relay (Redis went away, or this relay is stopping). */
    void failAll(Reply reply) {
        waiting.values().forEach(w -> w.reply().complete(reply));
    }

    private static Reply holderGone(RemoteWorld world) {
        return new Reply(502, Json.write(Json.error("The relay holding this Foundry world is gone; the world will "
                + "reconnect to another relay, try again shortly").put("clientId", world.clientId())));
    }

    // --- the holding relay ------------------------------------------------------------------------------

    /** A message on this relay's channel (on Lettuce's thread: the work moves to a virtual thread). */
    void received(String message) {
        Thread.ofVirtual().start(() -> {
            try {
                int cut = message.indexOf('\n');
                var header = Json.parse(cut < 0 ? message : message.substring(0, cut));
                var rest = cut < 0 ? "" : message.substring(cut + 1);
                switch (header.path("k").asText()) {
                    case "call" -> call(header, rest);
                    case "reply" -> {
                        var w = waiting.get(header.path("id").asText());
                        if (w != null) w.reply().complete(new Reply(header.path("status").asInt(502), rest));
                    }
                    case "recount" -> events.recount(header.path("account").asText(), header.path("client").asText(),
                            header.path("channel").asText());
                    case "replace" -> {
                        var socket = hub.find(header.path("account").asText(), header.path("client").asText());
                        if (socket != null) socket.close(1000, "Replaced by reconnect");
                    }
                    default -> LOG.debug("cluster: ignored a message of kind {}", header.path("k").asText());
                }
            } catch (Exception e) {
                LOG.warn("cluster: unreadable message on {}: {}", Cluster.channel(instanceId), e.getMessage());
            }
        });
    }

    private void call(JsonNode header, String payloadText) throws Exception {
        var id = header.path("id").asText();
        var from = header.path("from").asText();
        var socket = hub.find(header.path("account").asText(), header.path("client").asText());
        if (socket == null) {
            answer(from, id, new Reply(502, Json.write(Json.error("Foundry world disconnected before answering")
                    .put("clientId", header.path("client").asText()))));
            return;
        }
        var payload = (ObjectNode) Json.parse(payloadText);
        cluster.calledHere(socket.accountId(), socket.clientId());
        hub.request(socket, header.path("type").asText(), payload, header.path("timeout").asLong())
                .whenComplete((reply, e) -> answer(from, id, reply));
    }

    private void answer(String to, String id, Reply reply) {
        var header = Json.object().put("k", "reply").put("id", id).put("status", reply.status());
        commands.publish(Cluster.channel(to), Json.write(header) + "\n" + reply.body());
    }

    /** Asks the relay holding {@code world} to close its socket: the same world reconnected here from the same host. */
    static void replace(RedisAsyncCommands<String, String> commands, String from, RemoteWorld world) {
        var header = Json.object().put("k", "replace").put("from", from).put("account", world.accountId())
                .put("client", world.clientId());
        commands.publish(Cluster.channel(world.instanceId()), Json.write(header));
    }
}
