package org.foundryrelay.cluster;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes calls and replies on a connection of their own whose commands are written in batches: the first
 * thread to publish flushes, and whatever other threads publish meanwhile goes out with its flush, so under
 * load many messages share one write to Redis (and one wake-up of the connection's I/O thread) instead of one
 * each. No message waits for a later one.
 */
final class Publisher implements Publishing {
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> commands;
    /** Messages written since the last flush began; whoever raises it from zero flushes until it is back to zero. */
    private final AtomicInteger unflushed = new AtomicInteger();

    Publisher(StatefulRedisConnection<String, String> connection) {
        this.connection = connection;
        connection.setAutoFlushCommands(false);
        this.commands = connection.async();
    }

    @Override
    public CompletableFuture<Long> publish(String channel, String message) {
        var sent = commands.publish(channel, message).toCompletableFuture();
        if (unflushed.getAndIncrement() == 0) {
            int flushed;
            do {
                flushed = unflushed.get();
                connection.flushCommands();
            } while (!unflushed.compareAndSet(flushed, 0));
        }
        return sent;
    }
}
