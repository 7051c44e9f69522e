package org.foundryrelay.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
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
import org.foundryrelay.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads to a world held by another relay. Redis disconnects a subscriber whose pending pub/sub output passes
 * its buffer limit (32 MB by default), so an upload's bytes never travel as a message: the receiving relay
 * announces the upload on the holder's upload channel (a small header and the payload without its data URL),
 * then appends the data URL to a Redis list in pieces of at most {@link #PIECE_CHARS}, never more than
 * {@link #WINDOW} pieces ahead of the holder. The holder takes the pieces in order and writes each as the next
 * fragment of the one message on the world's socket, exactly as for a local upload, and acknowledges each on a
 * second list the sender waits on when it is ahead. The world's answer comes back on the sender's upload
 * channel. Each relay holds at most a piece or two of an upload in memory; the lists are deleted when the
 * upload ends and expire anyway.
 *
 * <p>Blocking list reads would stall every other command on the shared connection, so each side of an upload
 * uses a connection of its own for the time of the upload.
 */
final class CrossRelayUploads {
    private static final Logger LOG = LoggerFactory.getLogger(CrossRelayUploads.class);
    /** One list item's data: 256 Ki characters of the data URL (192 KiB of the file). */
    static final int PIECE_CHARS = 256 * 1024;
    /** Pieces the sender may have in the list before the holder took them. */
    static final int WINDOW = 8;
    /** How long one blocking read waits before the other side's liveness is checked again. */
    private static final double WAIT_SECONDS = 0.25;
    /** Keys outlive the upload's deadline by this much, should both relays die mid-way. */
    private static final long KEY_GRACE_MILLIS = 60_000;
    private static final String TIMEOUT_BODY = Json.write(Json.error("Request timed out"));
    // List items are pieces of the data URL, written as they are; the empty item ends the upload. A data URL has
    // no '!', so an abandoned upload ends with one: the world refuses what it got rather than storing half a file.
    private static final String END = "";
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
            var sender = new Sender(own, id, world, future, timeoutMillis + KEY_GRACE_MILLIS);
            try {
                writer.write(sender::accept);
                sender.finish();
            } catch (IOException | RuntimeException e) {
                // The answer already says why when it is there; otherwise the holder must not store half a file.
                if (!future.isDone()) {
                    sender.abandon();
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

    /** Gathers the writer's text into pieces and appends them to the upload's list, staying within the window. */
    private final class Sender {
        private final RedisAsyncCommands<String, String> async;
        private final RedisCommands<String, String> sync;
        private final String data;
        private final String acks;
        private final RemoteWorld world;
        private final CompletableFuture<Reply> reply;
        private final long ttlMillis;
        private final StringBuilder piece = new StringBuilder(PIECE_CHARS);

        Sender(StatefulRedisConnection<String, String> own, String id, RemoteWorld world, CompletableFuture<Reply> reply,
               long ttlMillis) {
            this.async = own.async();
            this.sync = own.sync();
            this.data = dataKey(id);
            this.acks = ackKey(id);
            this.world = world;
            this.reply = reply;
            this.ttlMillis = ttlMillis;
        }

        void accept(String text) throws IOException {
            int i = 0;
            while (i < text.length()) {
                int n = Math.min(text.length() - i, PIECE_CHARS - piece.length());
                piece.append(text, i, i + n);
                i += n;
                if (piece.length() == PIECE_CHARS) flush();
            }
        }

        void finish() throws IOException {
            if (!piece.isEmpty()) flush();
            push(END);
        }

        void abandon() {
            try {
                push(ABANDONED);
                push(END);
            } catch (IOException | RuntimeException e) {
                // the holder ends the message itself once it stops hearing from this relay
            }
        }

        private void flush() throws IOException {
            push(piece.toString());
            piece.setLength(0);
        }

        private void push(String item) throws IOException {
            if (reply.isDone()) throw new IOException("upload ended");
            var pushed = async.rpush(data, item);
            async.pexpire(data, ttlMillis);
            long queued = await(pushed);
            while (queued >= WINDOW) {
                // Acknowledgements only wake this loop; the list's length says how far ahead the sender is.
                var took = sync.blpop(WAIT_SECONDS, acks);
                if (reply.isDone()) throw new IOException("upload ended");
                if (took == null && !listening(channel(world.instanceId()))) {
                    reply.complete(holderGone(world));
                    throw new IOException("holder gone");
                }
                queued = sync.llen(data);
            }
        }

        private long await(io.lettuce.core.RedisFuture<Long> pushed) throws IOException {
            try {
                return pushed.get(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (Exception e) {
                throw new io.lettuce.core.RedisException(e.getMessage(), e);
            }
        }
    }

    /** Ends uploads whose answer waits on a relay that stopped listening; run a few times a second. */
    void watch() {
        if (waiting.isEmpty() || !cluster.reachable()) return;
        var holders = new HashSet<String>();
        waiting.values().forEach(w -> holders.add(w.world().instanceId()));
        try {
            var counts = commands.pubsubNumsub(holders.stream().map(CrossRelayUploads::channel).toArray(String[]::new))
                    .get(1, TimeUnit.SECONDS);
            for (var entry : counts.entrySet()) {
                if (entry.getValue() > 0) continue;
                var gone = entry.getKey().substring(channel("").length());
                waiting.values().stream().filter(w -> w.world().instanceId().equals(gone))
                        .forEach(w -> w.reply().complete(holderGone(w.world())));
            }
        } catch (Exception e) {
            cluster.failed(e);
        }
    }

    /** Fails every upload waiting for another relay (Redis went away, or this relay is stopping). */
    void failAll(Reply reply) {
        waiting.values().forEach(w -> w.reply().complete(reply));
    }

    private boolean listening(String channel) {
        try {
            return commands.pubsubNumsub(channel).get(1, TimeUnit.SECONDS).getOrDefault(channel, 0L) > 0;
        } catch (Exception e) {
            throw new io.lettuce.core.RedisException("cannot ask Redis who listens", e);
        }
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
        var data = dataKey(id);
        var acks = ackKey(id);
        var sync = own.sync();
        boolean first = true;
        while (true) {
            io.lettuce.core.KeyValue<String, String> item;
            try {
                item = sync.blpop(WAIT_SECONDS, data);
                if ((item == null || !item.hasValue()) && (System.nanoTime() - deadline > 0 || !listening(channel(from)))) {
                    out.accept("!");
                    return;
                }
            } catch (RuntimeException e) {
                out.accept("!");
                return;
            }
            if (item == null || !item.hasValue()) continue;
            var value = item.getValue();
            if (value.equals(END)) return;
            out.accept(value);
            // Answers on this connection arrive in order, so the acknowledgement needs no wait of its own.
            own.async().rpush(acks, "1");
            if (first) own.async().pexpire(acks, deadlineGrace(deadline));
            first = false;
        }
    }

    private static long deadlineGrace(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + KEY_GRACE_MILLIS;
    }

    private void answer(String to, String id, Reply reply) {
        var header = Json.object().put("k", "reply").put("id", id).put("status", reply.status());
        commands.publish(channel(to), Json.write(header) + "\n" + reply.body());
    }
}
