package org.foundryrelay.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.util.HashSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.foundryrelay.foundry.RemoteWorld;
import org.foundryrelay.foundry.Reply;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.foundry.WorldsElsewhere;
import org.foundryrelay.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads to a world held by another relay. Redis disconnects a subscriber whose pending pub/sub output passes
 * its buffer limit (32 MB by default), so an upload's bytes never travel as a message: the receiving relay
 * announces the upload on the holder's upload channel (a small header and the payload without its data URL),
 * then sends the data URL through a Redis list in {@link Pieces}. The holder takes the pieces in order and writes
 * each as the next fragment of the one message on the world's socket, exactly as for a local upload. The world's
 * answer comes back on the sender's upload channel. Each relay holds at most a piece or two of an upload in
 * memory; the lists are deleted when the upload ends and expire anyway.
 */
final class CrossRelayUploads {
    private static final Logger LOG = LoggerFactory.getLogger(CrossRelayUploads.class);
    private static final String TIMEOUT_BODY = Json.write(Json.error("Request timed out"));
    // List items are pieces of the data URL (see Pieces). A data URL has no '!', so an abandoned upload ends
    // with one: the world refuses what it got rather than storing half a file.
    private static final String ABANDONED = "!";

    private final String instanceId;
    private final RedisClient client;
    private final RedisAsyncCommands<String, String> commands;
    private final WorldHub hub;
    private final Cluster cluster;
    private final ConcurrentHashMap<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    // Ids stay unique when a relay restarts under the same INSTANCE_ID while old keys still live.
    private final String run = Long.toHexString(ThreadLocalRandom.current().nextLong());

    private record Waiting(RemoteWorld world, CompletableFuture<Reply> reply) {}

    CrossRelayUploads(String instanceId, RedisClient client, RedisAsyncCommands<String, String> commands, WorldHub hub,
                      Cluster cluster) {
        this.instanceId = instanceId;
        this.client = client;
        this.commands = commands;
        this.hub = hub;
        this.cluster = cluster;
    }

    /** The channel a relay hears upload announcements and upload answers on. */
    static String channel(String instanceId) {
        return Cluster.PREFIX + "upload:" + instanceId;
    }

    private static String dataKey(String id) {
        return Cluster.PREFIX + "up:" + id + ":d";
    }

    private static String ackKey(String id) {
        return Cluster.PREFIX + "up:" + id + ":a";
    }

    // --- the receiving relay ----------------------------------------------------------------------------

    /**
     * Streams an upload to the relay holding {@code world}, reading {@code writer} on the calling thread; returns
     * once everything is handed over (or the upload ended early), completing with the world's answer, 502 when
     * the holder is or goes away, 503 when Redis cannot be used, 408 on timeout.
     */
    CompletableFuture<Reply> request(RemoteWorld world, String type, ObjectNode payload, String field,
                                     WorldHub.FieldWriter writer, long timeoutMillis) {
        if (!cluster.reachable()) return CompletableFuture.completedFuture(cluster.unavailable());
        var id = instanceId + "-" + run + "-" + sequence.incrementAndGet();
        var future = new CompletableFuture<Reply>();
        waiting.put(id, new Waiting(world, future));
        future.completeOnTimeout(new Reply(408, TIMEOUT_BODY), timeoutMillis, TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> {
                    waiting.remove(id);
                    commands.del(dataKey(id), ackKey(id));
                });
        payload.remove(field);
        var header = Json.object().put("k", "upload").put("id", id).put("from", instanceId)
                .put("account", world.accountId()).put("client", world.clientId()).put("type", type)
                .put("field", field).put("timeout", timeoutMillis);
        StatefulRedisConnection<String, String> own;
        try {
            own = client.connect();
        } catch (RuntimeException e) {
            cluster.failed(e);
            future.complete(cluster.unavailable());
            return future;
        }
        try (own) {
            var sync = own.sync();
            if (sync.publish(channel(world.instanceId()), Json.write(header) + "\n" + Json.write(payload)) == 0) {
                // A holder that hears calls but not uploads runs an older version (a rolling upgrade): it is not gone.
                future.complete(listening(Cluster.channel(world.instanceId())) ? new Reply(503, Json.write(Json.error(
                        "The relay holding this Foundry world does not take uploads from other relays (an older "
                                + "version); upload through that relay, or once it is upgraded").put("clientId", world.clientId())))
                        : holderGone(world));
                return future;
            }
            var sender = new Pieces.Sender(own, dataKey(id), ackKey(id), timeoutMillis + Pieces.KEY_GRACE_MILLIS,
                    future::isDone, () -> listening(channel(world.instanceId())));
            try {
                writer.write(sender::accept);
                sender.finish();
            } catch (Pieces.PeerGone e) {
                future.complete(holderGone(world));
            } catch (IOException | RuntimeException e) {
                // The answer already says why when it is there; otherwise the holder must not store half a file.
                if (!future.isDone()) {
                    abandon(sender);
                    if (e instanceof io.lettuce.core.RedisException) throw (io.lettuce.core.RedisException) e;
                    future.complete(new Reply(502, Json.write(Json.error("The upload could not be sent to the relay "
                            + "holding this Foundry world").put("clientId", world.clientId()))));
                }
            }
        } catch (io.lettuce.core.RedisException e) {
            cluster.failed(e);
            future.complete(cluster.unavailable());
        }
        return future;
    }

    private static void abandon(Pieces.Sender sender) {
        try {
            sender.push(ABANDONED);
            sender.push(Pieces.END);
        } catch (IOException | RuntimeException e) {
            // the holder ends the message itself once it stops hearing from this relay
        }
    }

    /** Ends uploads whose answer waits on a relay that stopped listening; run a few times a second. */
    void watch() {
        if (waiting.isEmpty() || !cluster.reachable()) return;
        var holders = new HashSet<String>();
        waiting.values().forEach(w -> holders.add(w.world().instanceId()));
        try {
            var gone = cluster.silent(holders, CrossRelayUploads::channel);
            waiting.values().stream().filter(w -> gone.contains(w.world().instanceId()))
                    .forEach(w -> w.reply().complete(holderGone(w.world())));
        } catch (WorldsElsewhere.Unavailable e) {
            // recorded: the outage has already ended every waiting call
        }
    }

    /** Fails every upload waiting for another relay (Redis went away, or this relay is stopping). */
    void failAll(Reply reply) {
        waiting.values().forEach(w -> w.reply().complete(reply));
    }

    private boolean listening(String channel) {
        return Pieces.listening(commands, channel);
    }

    static Reply holderGone(RemoteWorld world) {
        return new Reply(502, Json.write(Json.error("The relay holding this Foundry world is gone; the world will "
                + "reconnect to another relay, try again shortly").put("clientId", world.clientId())));
    }

    // --- the holding relay ------------------------------------------------------------------------------

    /** A message on this relay's upload channel (on Lettuce's thread: the work moves to a virtual thread). */
    void received(String message) {
        Thread.ofVirtual().start(() -> {
            try {
                int cut = message.indexOf('\n');
                var header = Json.parse(cut < 0 ? message : message.substring(0, cut));
                switch (header.path("k").asText()) {
                    case "upload" -> serve(header, cut < 0 ? "{}" : message.substring(cut + 1));
                    case "reply" -> {
                        var w = waiting.get(header.path("id").asText());
                        if (w != null) w.reply().complete(new Reply(header.path("status").asInt(502), message.substring(cut + 1)));
                    }
                    default -> LOG.debug("cluster: ignored an upload message of kind {}", header.path("k").asText());
                }
            } catch (Exception e) {
                LOG.warn("cluster: unreadable message on {}: {}", channel(instanceId), e.getMessage());
            }
        });
    }

    private void serve(JsonNode header, String payloadText) throws Exception {
        var id = header.path("id").asText();
        var from = header.path("from").asText();
        var socket = hub.find(header.path("account").asText(), header.path("client").asText());
        if (socket == null) {
            commands.del(dataKey(id), ackKey(id));
            answer(from, id, new Reply(502, Json.write(Json.error("Foundry world disconnected before answering")
                    .put("clientId", header.path("client").asText()))));
            return;
        }
        var payload = (ObjectNode) Json.parse(payloadText);
        long timeout = header.path("timeout").asLong();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        try (var own = client.connect()) {
            hub.requestStreamed(socket, header.path("type").asText(), payload, header.path("field").asText(),
                            out -> take(own, id, from, deadline, out), timeout)
                    .whenComplete((reply, e) -> answer(from, id, reply));
        } catch (RuntimeException e) {
            LOG.debug("cluster: upload {} from {} could not be served: {}", id, from, e.getMessage());
            answer(from, id, cluster.unavailable());
        } finally {
            commands.del(dataKey(id), ackKey(id));
        }
    }

    // Takes the pieces in order and writes them to the world; the sender going quiet or away (or Redis) ends the
    // message with a character a data URL cannot hold, so the world refuses half a file rather than storing it.
    private void take(StatefulRedisConnection<String, String> own, String id, String from, long deadline,
                      WorldHub.FieldWriter.Piece out) throws IOException {
        long ackTtl = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + Pieces.KEY_GRACE_MILLIS;
        boolean whole;
        try {
            whole = Pieces.take(own, dataKey(id), ackKey(id), ackTtl,
                    () -> System.nanoTime() - deadline <= 0 && listening(channel(from)), out::accept);
        } catch (io.lettuce.core.RedisException e) {
            whole = false;
        }
        if (!whole) out.accept(ABANDONED);
    }

    private void answer(String to, String id, Reply reply) {
        var header = Json.object().put("k", "reply").put("id", id).put("status", reply.status());
        commands.publish(channel(to), Json.write(header) + "\n" + reply.body());
    }
}
