package org.foundryrelay.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
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
 * Calls between relays over Redis pub/sub. Each relay listens on its own channel. Calls and their answers travel
 * in the compact {@link Wire} form: a {@code call} carries the payload for the module as JSON text, which the
 * holder sends on as it is (with its own requestId); a {@code reply} carries the world's answer exactly as it
 * came. Both are handled on the thread that reads them from Redis (nothing there blocks), the rarer kinds (a
 * JSON header line, then the rest) on a virtual thread. Calls and replies are published by the thread that has
 * them ({@link DirectPublisher}). The caller waits as it would for a local world; it answers 502 within a
 * quarter second ({@link #watch}) when nobody listens on the holder's channel, or when the holder stops
 * listening while the call waits. A holder that no longer has the world answers {@code moved}: the caller asks Redis where
 * the world is now and sends the call once more, there or to its own hub. Redis is trusted: whatever arrives on
 * the channel was checked (key, scope, world) by the relay that sent it.
 *
 * <p>An answer longer than one {@link Pieces#PIECE_CHARS piece} (a download, a large sheet) does not travel as
 * one message, which could pass Redis' output buffer limit for subscribers and cut the asking relay off: the
 * holder publishes a small {@code pieces} header naming a Redis list and the answer's length, then sends the
 * answer through that list in {@link Pieces}; the asking relay takes them on a virtual thread and a connection
 * of its own, and answers its client with the whole, as for a short answer.
 */
final class CrossRelayCalls {
    private static final Logger LOG = LoggerFactory.getLogger(CrossRelayCalls.class);
    private static final String TIMEOUT_BODY = Json.write(Json.error("Request timed out"));

    private final String instanceId;
    private final RedisClient client;
    private final RedisAsyncCommands<String, String> commands;
    private final Publishing publisher;
    private final WorldHub hub;
    private final Cluster cluster;
    private final Presence presence;
    private final SharedEvents events;
    private final ConcurrentHashMap<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    // Names of answers sent in pieces stay unique when a relay restarts under the same INSTANCE_ID.
    private final String run = Long.toHexString(ThreadLocalRandom.current().nextLong());

    /** A call sent to another relay: where it went, what it carried (to send it once more), when it must end. */
    private record Waiting(RemoteWorld world, String type, String payload, long deadlineNanos, boolean retried,
                           CompletableFuture<Reply> reply) {
        Waiting movedTo(RemoteWorld now) {
            return new Waiting(now, type, payload, deadlineNanos, true, reply);
        }
    }

    CrossRelayCalls(String instanceId, RedisClient client, RedisAsyncCommands<String, String> commands,
                    Publishing publisher, WorldHub hub, Cluster cluster, Presence presence, SharedEvents events) {
        this.instanceId = instanceId;
        this.client = client;
        this.commands = commands;
        this.publisher = publisher;
        this.hub = hub;
        this.cluster = cluster;
        this.presence = presence;
        this.events = events;
    }

    // --- the asking relay -----------------------------------------------------------------------------

    CompletableFuture<Reply> request(RemoteWorld world, String type, ObjectNode payload, long timeoutMillis) {
        if (!cluster.reachable()) return CompletableFuture.completedFuture(cluster.unavailable());
        var id = instanceId + "-" + sequence.incrementAndGet();
        payload.put("type", type);
        payload.remove("requestId"); // the holder gives the call its own
        var future = new CompletableFuture<Reply>();
        var call = new Waiting(world, type, Json.write(payload),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis), false, future);
        waiting.put(id, call);
        // No timer per call: the holder answers 408 itself at the deadline, and watch() ends a call whose
        // answer never comes (the holder or Redis failed) within a quarter second after it.
        future.whenComplete((r, e) -> waiting.remove(id));
        publish(id, call);
        return future;
    }

    private void publish(String id, Waiting call) {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(call.deadlineNanos() - System.nanoTime()));
        var world = call.world();
        var message = Wire.write("call", call.payload(), id, instanceId, world.accountId(), world.clientId(), call.type(),
                Long.toString(left));
        publisher.publish(Cluster.channel(world.instanceId()), message).whenComplete((listeners, failure) -> {
            if (failure != null) {
                cluster.failed(failure);
                call.reply().complete(cluster.unavailable());
            } else if (listeners == 0) {
                // The relay named for the world is gone; the world may already be back on another one.
                retryElsewhere(id, call, holderGone(world));
            }
        });
    }

    /** The relay a call went to no longer holds the world: once, ask Redis where it is and send it there. */
    private void moved(String id) {
        var call = waiting.get(id);
        if (call != null) retryElsewhere(id, call, worldGone(call.world().clientId()));
    }

    /**
     * The call could not reach the world where this relay believed it was: once, ask Redis where it is now and
     * send it there (or to this relay's own socket); {@code nowhere} when it is not held anywhere else.
     */
    private void retryElsewhere(String id, Waiting call, Reply nowhere) {
        presence.forget(call.world());
        if (call.retried()) {
            call.reply().complete(nowhere);
            return;
        }
        var local = hub.find(call.world().accountId(), call.world().clientId());
        if (local != null) {
            sendHere(call, local);
            return;
        }
        presence.fetch(call.world().accountId(), call.world().clientId()).whenComplete((now, failure) -> {
            if (failure != null) {
                cluster.failed(failure);
                call.reply().complete(cluster.unavailable());
                return;
            }
            var here = hub.find(call.world().accountId(), call.world().clientId());
            if (here != null) {
                sendHere(call, here);
            } else if (now == null || now.instanceId().equals(call.world().instanceId())) {
                call.reply().complete(nowhere);
            } else {
                var next = call.movedTo(now);
                if (waiting.replace(id, call, next)) publish(id, next);
            }
        });
    }

    // The world moved to this relay while the call was on its way.
    private void sendHere(Waiting call, org.foundryrelay.foundry.WorldSocket socket) {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(call.deadlineNanos() - System.nanoTime()));
        hub.requestJson(socket, call.type(), call.payload(), left).whenComplete((reply, e) -> call.reply().complete(reply));
    }

    /**
     * Ends calls past their deadline (408), and calls whose holding relay stopped listening (it crashed or left),
     * checked a few times a second.
     */
    void watch() {
        if (waiting.isEmpty()) return;
        long now = System.nanoTime();
        waiting.values().forEach(w -> {
            if (now - w.deadlineNanos() >= 0) w.reply().complete(new Reply(408, TIMEOUT_BODY));
        });
        if (waiting.isEmpty() || !cluster.reachable()) return;
        var holders = new HashSet<String>();
        waiting.values().forEach(w -> holders.add(w.world().instanceId()));
        try {
            var gone = cluster.silent(holders, Cluster::channel);
            waiting.values().stream().filter(w -> gone.contains(w.world().instanceId()))
                    .forEach(w -> w.reply().complete(holderGone(w.world())));
        } catch (WorldsElsewhere.Unavailable e) {
            // recorded: the outage has already ended every waiting call
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

    private static Reply worldGone(String clientId) {
        return new Reply(502, Json.write(Json.error("Foundry world disconnected before answering").put("clientId", clientId)));
    }

    // --- the holding relay ------------------------------------------------------------------------------

    /** A message on this relay's channel, on Lettuce's thread: calls and replies are handled here, without blocking. */
    void received(String message) {
        if (message.startsWith("{")) {
            Thread.ofVirtual().start(() -> receivedRare(message));
            return;
        }
        try {
            switch (Wire.kind(message)) {
                case "call" -> {
                    var f = Wire.read(message, 6);
                    call(f[0], f[1], f[2], f[3], f[4], Long.parseLong(f[5]), f[6]);
                }
                case "reply" -> {
                    var f = Wire.read(message, 2);
                    var w = waiting.get(f[0]);
                    if (w != null) w.reply().complete(new Reply(Integer.parseInt(f[1]), f[2]));
                }
                case "moved" -> moved(Wire.read(message, 1)[0]);
                case "pieces" -> {
                    var f = Wire.read(message, 4);
                    var w = waiting.get(f[0]);
                    if (w != null) {
                        Thread.ofVirtual().start(() -> takeReply(w, Integer.parseInt(f[1]), f[2], Integer.parseInt(f[3])));
                    }
                }
                default -> LOG.debug("cluster: ignored a message of kind {}", Wire.kind(message));
            }
        } catch (RuntimeException e) {
            LOG.warn("cluster: unreadable message on {}: {}", Cluster.channel(instanceId), e.getMessage());
        }
    }

    /** The rarer kinds: a JSON header line, then the rest; they may block, so they run on a virtual thread. */
    private void receivedRare(String message) {
        try {
            int cut = message.indexOf('\n');
            JsonNode header = Json.parse(cut < 0 ? message : message.substring(0, cut));
            switch (header.path("k").asText()) {
                case "recount" -> events.recount(header.path("account").asText(), header.path("client").asText(),
                        header.path("channel").asText());
                case "close" -> closeHere(header, header.path("code").asInt(1000), header.path("reason").asText(""));
                // what a relay of the previous version sends, while a cluster is upgraded one relay at a time
                case "replace" -> closeHere(header, 1000, "Replaced by reconnect");
                default -> LOG.debug("cluster: ignored a message of kind {}", header.path("k").asText());
            }
        } catch (Exception e) {
            LOG.warn("cluster: unreadable message on {}: {}", Cluster.channel(instanceId), e.getMessage());
        }
    }

    private void closeHere(JsonNode header, int code, String reason) {
        var socket = hub.find(header.path("account").asText(), header.path("client").asText());
        if (socket == null) return;
        LOG.info("disconnecting world: client={} reason={} (asked by relay {})", socket.clientId(), reason,
                header.path("from").asText());
        socket.close(code, reason);
    }

    private void call(String id, String from, String account, String client, String type, long timeoutMillis,
                      String payload) {
        var socket = hub.find(account, client);
        if (socket == null) {
            publisher.publish(Cluster.channel(from), Wire.write("moved", "", id));
            return;
        }
        cluster.calledHere(socket.accountId(), socket.clientId());
        hub.requestJson(socket, type, payload, timeoutMillis)
                .whenComplete((reply, e) -> answer(from, id, reply, timeoutMillis));
    }

    private void answer(String to, String id, Reply reply, long timeoutMillis) {
        if (reply.body().length() <= Pieces.PIECE_CHARS) {
            publisher.publish(Cluster.channel(to), Wire.write("reply", reply.body(), id, Integer.toString(reply.status())));
        } else {
            Thread.ofVirtual().start(() -> answerInPieces(to, id, reply, timeoutMillis));
        }
    }

    // The header goes first, so that the asking relay takes pieces while they are sent, at most a window ahead.
    private void answerInPieces(String to, String id, Reply reply, long timeoutMillis) {
        var key = Cluster.PREFIX + "rep:" + instanceId + "-" + run + "-" + sequence.incrementAndGet();
        var data = key + ":d";
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long ttl = timeoutMillis + Pieces.KEY_GRACE_MILLIS;
        var body = reply.body();
        try (var own = client.connect()) {
            var header = Wire.write("pieces", "", id, Integer.toString(reply.status()), key, Integer.toString(body.length()));
            if (own.sync().publish(Cluster.channel(to), header) == 0) return; // the asking relay is gone
            var sender = new Pieces.Sender(own, data, key + ":a", ttl, () -> System.nanoTime() - deadline > 0,
                    () -> Pieces.listening(commands, Cluster.channel(to)));
            try {
                sender.accept(body);
                sender.finish();
            } catch (Pieces.PeerGone e) {
                commands.del(data, key + ":a");
            } catch (IOException | RuntimeException e) {
                // Ended early: the asking relay sees a short answer and answers 502 rather than wait for its timeout.
                LOG.debug("cluster: answer {} to {} cut short: {}", id, to, e.getMessage());
                own.async().rpush(data, Pieces.END);
                own.async().pexpire(data, ttl);
            }
        } catch (RuntimeException e) {
            LOG.debug("cluster: answer {} to {} not sent: {}", id, to, e.getMessage());
        }
    }

    // --- the asking relay, for an answer sent in pieces ---------------------------------------------------

    private void takeReply(Waiting call, int status, String key, int length) {
        var data = key + ":d";
        var acks = key + ":a";
        var future = call.reply();
        var holder = Cluster.channel(call.world().instanceId());
        var body = new StringBuilder(length);
        try (var own = client.connect()) {
            long ackTtl = Math.max(0, TimeUnit.NANOSECONDS.toMillis(call.deadlineNanos() - System.nanoTime()))
                    + Pieces.KEY_GRACE_MILLIS;
            boolean whole = Pieces.take(own, data, acks, ackTtl,
                    () -> !future.isDone() && Pieces.listening(commands, holder), piece -> {
                        if (future.isDone()) throw new IOException("call ended");
                        body.append(piece);
                    });
            if (whole && body.length() == length) future.complete(new Reply(status, body.toString()));
            else future.complete(whole ? answerCut(call.world()) : holderGone(call.world()));
        } catch (IOException e) {
            // the call ended (timeout, Redis, stopping) while its answer arrived
        } catch (RuntimeException e) {
            cluster.failed(e);
            future.complete(cluster.unavailable());
        } finally {
            commands.del(data, acks);
        }
    }

    private static Reply answerCut(RemoteWorld world) {
        return new Reply(502, Json.write(Json.error("The relay holding this Foundry world could not send its whole "
                + "answer; try again").put("clientId", world.clientId())));
    }

    /**
     * Asks the relay holding {@code world} to close its socket with this code and reason (the world reconnected
     * elsewhere from the same host, or its owner unpaired it); completes with how many relays heard it.
     */
    static CompletableFuture<Long> close(RedisAsyncCommands<String, String> commands, String from, RemoteWorld world,
                                         int code, String reason) {
        var header = Json.object().put("k", "close").put("from", from).put("account", world.accountId())
                .put("client", world.clientId()).put("code", code).put("reason", reason);
        return commands.publish(Cluster.channel(world.instanceId()), Json.write(header)).toCompletableFuture();
    }
}
