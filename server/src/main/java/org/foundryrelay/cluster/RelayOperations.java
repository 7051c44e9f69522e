package org.foundryrelay.cluster;

import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.foundryrelay.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Relays} over Redis pub/sub. Each relay listens on its own operations channel ({@code fr:op:<id>});
 * a message is one header line of JSON, a newline, and the body: for an {@code ask}, the operation's input;
 * for an {@code answer}, the operation's JSON answer. Like calls to worlds, an ask ends at once with 502 when
 * nobody listens on the asked relay's channel, or when it stops listening while the ask waits.
 */
final class RelayOperations implements Relays {
    private static final Logger LOG = LoggerFactory.getLogger(RelayOperations.class);

    private final String instanceId;
    private final RedisAsyncCommands<String, String> commands;
    private final Cluster cluster;
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    private record Waiting(String to, CompletableFuture<Answer> answer) {}

    RelayOperations(String instanceId, RedisAsyncCommands<String, String> commands, Cluster cluster) {
        this.instanceId = instanceId;
        this.commands = commands;
        this.cluster = cluster;
    }

    static String channel(String instanceId) {
        return Cluster.PREFIX + "op:" + instanceId;
    }

    @Override
    public String self() {
        return instanceId;
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public void serve(String operation, Operation handler) {
        operations.put(operation, handler);
    }

    // --- the asking relay -----------------------------------------------------------------------------

    @Override
    public CompletableFuture<Answer> ask(String to, String operation, String body, Duration timeout) {
        if (to.equals(instanceId)) {
            // Asking oneself needs no Redis; it still runs off the caller's thread, as a remote ask would.
            return CompletableFuture.supplyAsync(() -> Alone.run(operations.get(operation), operation, body),
                    Thread.ofVirtual().factory()::newThread);
        }
        if (!cluster.reachable()) return CompletableFuture.completedFuture(unavailable());
        var id = instanceId + "-" + sequence.incrementAndGet();
        var header = Json.object().put("k", "ask").put("id", id).put("from", instanceId).put("op", operation);
        var future = new CompletableFuture<Answer>();
        waiting.put(id, new Waiting(to, future));
        future.completeOnTimeout(Answer.error(504, "Relay " + to + " did not answer " + operation + " within "
                        + timeout.toSeconds() + " s"), timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> waiting.remove(id));
        commands.publish(channel(to), Json.write(header) + "\n" + body).whenComplete((listeners, failure) -> {
            if (failure != null) {
                cluster.failed(failure);
                future.complete(unavailable());
            } else if (listeners == 0) {
                future.complete(gone(to));
            }
        });
        return future;
    }

    @Override
    public Set<String> present(Collection<String> instanceIds) {
        var others = new HashSet<>(instanceIds);
        var found = new HashSet<String>();
        if (others.remove(instanceId)) found.add(instanceId);
        if (others.isEmpty()) return found;
        try {
            var counts = commands.pubsubNumsub(others.stream().map(RelayOperations::channel).toArray(String[]::new))
                    .get(1, TimeUnit.SECONDS);
            for (var entry : counts.entrySet()) {
                if (entry.getValue() > 0) found.add(entry.getKey().substring(channel("").length()));
            }
            return found;
        } catch (Exception e) {
            throw cluster.unavailableError(e);
        }
    }

    /** Ends asks whose relay stopped listening (it crashed or left), checked a few times a second. */
    void watch() {
        if (!cluster.reachable() || waiting.isEmpty()) return;
        var targets = new HashSet<String>();
        waiting.values().forEach(w -> targets.add(w.to()));
        Set<String> alive;
        try {
            alive = present(targets);
        } catch (RuntimeException e) {
            return; // present() recorded the outage, which failed every ask
        }
        waiting.values().stream().filter(w -> !alive.contains(w.to())).forEach(w -> w.answer().complete(gone(w.to())));
    }

    /** Fails every ask waiting for another relay (Redis went away, or this relay is stopping). */
    void failAll(Answer answer) {
        waiting.values().forEach(w -> w.answer().complete(answer));
    }

    private Answer unavailable() {
        var reply = cluster.unavailable();
        return new Answer(reply.status(), reply.body());
    }

    private static Answer gone(String to) {
        return Answer.error(502, "Relay " + to + " is gone from the cluster; try again shortly");
    }

    // --- the relay asked --------------------------------------------------------------------------------

    /** A message on this relay's operations channel (on Lettuce's thread: the work moves to a virtual thread). */
    void received(String message) {
        Thread.ofVirtual().name("relay-op").start(() -> {
            try {
                int cut = message.indexOf('\n');
                var header = Json.parse(cut < 0 ? message : message.substring(0, cut));
                var body = cut < 0 ? "" : message.substring(cut + 1);
                var id = header.path("id").asText();
                switch (header.path("k").asText()) {
                    case "ask" -> {
                        var operation = header.path("op").asText();
                        var answer = Alone.run(operations.get(operation), operation, body);
                        var reply = Json.object().put("k", "answer").put("id", id).put("status", answer.status());
                        commands.publish(channel(header.path("from").asText()), Json.write(reply) + "\n" + answer.body());
                    }
                    case "answer" -> {
                        var w = waiting.get(id);
                        if (w != null) w.answer().complete(new Answer(header.path("status").asInt(502), body));
                    }
                    default -> LOG.debug("cluster: ignored an operation message of kind {}", header.path("k").asText());
                }
            } catch (Exception e) {
                LOG.warn("cluster: unreadable message on {}: {}", channel(instanceId), e.getMessage());
            }
        });
    }
}
