package org.foundryrelay.cluster;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A long text moved from one relay to another through a Redis list rather than as one pub/sub message (Redis
 * disconnects a subscriber whose pending output passes {@code client-output-buffer-limit pubsub}). The sender
 * appends pieces of at most {@link #PIECE_CHARS} to a data list, never more than {@link #WINDOW} ahead of the
 * reader, which takes them in order and acknowledges each on a second list the sender waits on when it is
 * ahead; the empty item ends the text. Both lists expire, should both relays die mid-way.
 *
 * <p>Blocking list reads would stall every other command on a shared connection, so each side uses a connection
 * of its own for the time of the transfer, and never the thread that reads pub/sub messages.
 */
final class Pieces {
    /** One list item: 256 Ki characters. */
    static final int PIECE_CHARS = 256 * 1024;
    /** Pieces the sender may have in the list before the reader took them. */
    static final int WINDOW = 8;
    /** How long one blocking read waits before the other side's liveness is checked again. */
    static final double WAIT_SECONDS = 0.25;
    /** Keys outlive their transfer's deadline by this much. */
    static final long KEY_GRACE_MILLIS = 60_000;
    /** The item that ends a text. */
    static final String END = "";

    private Pieces() {}

    /** The other side stopped listening on its channel while the transfer waited for it. */
    static final class PeerGone extends IOException {
        PeerGone() {
            super("the other relay is gone");
        }
    }

    /** Whether a relay listens on {@code channel}; a Redis failure is thrown as a {@link RedisException}. */
    static boolean listening(RedisAsyncCommands<String, String> commands, String channel) {
        try {
            return commands.pubsubNumsub(channel).get(1, TimeUnit.SECONDS).getOrDefault(channel, 0L) > 0;
        } catch (Exception e) {
            throw new RedisException("cannot ask Redis who listens", e);
        }
    }

    /** Gathers text into pieces and appends them to the data list, staying within the window. */
    static final class Sender {
        private final RedisAsyncCommands<String, String> async;
        private final RedisCommands<String, String> sync;
        private final String data;
        private final String acks;
        private final long ttlMillis;
        private final BooleanSupplier ended;
        private final BooleanSupplier readerListening;
        private final StringBuilder piece = new StringBuilder(PIECE_CHARS);

        /**
         * @param ended           true once the transfer no longer matters (its call ended): sending stops
         * @param readerListening asked when the reader is slow to take pieces: false ends with {@link PeerGone}
         */
        Sender(StatefulRedisConnection<String, String> own, String data, String acks, long ttlMillis,
               BooleanSupplier ended, BooleanSupplier readerListening) {
            this.async = own.async();
            this.sync = own.sync();
            this.data = data;
            this.acks = acks;
            this.ttlMillis = ttlMillis;
            this.ended = ended;
            this.readerListening = readerListening;
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

        /** Sends what is left and the end of the text. */
        void finish() throws IOException {
            if (!piece.isEmpty()) flush();
            push(END);
        }

        private void flush() throws IOException {
            push(piece.toString());
            piece.setLength(0);
        }

        /** Appends one raw item (a piece, {@link #END} or a marker the two sides agreed on). */
        void push(String item) throws IOException {
            if (ended.getAsBoolean()) throw new IOException("transfer ended");
            var pushed = async.rpush(data, item);
            async.pexpire(data, ttlMillis);
            long queued = await(pushed);
            while (queued >= WINDOW) {
                // Acknowledgements only wake this loop; the list's length says how far ahead the sender is.
                var took = sync.blpop(WAIT_SECONDS, acks);
                if (ended.getAsBoolean()) throw new IOException("transfer ended");
                if (took == null && !readerListening.getAsBoolean()) throw new PeerGone();
                queued = sync.llen(data);
            }
        }

        private static long await(RedisFuture<Long> pushed) throws IOException {
            try {
                return pushed.get(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (Exception e) {
                throw new RedisException(e.getMessage(), e);
            }
        }
    }

    /** Where the pieces a reader takes go. */
    @FunctionalInterface
    interface Sink {
        void accept(String piece) throws IOException;
    }

    /**
     * Takes the pieces of {@code data} in order into {@code out}, acknowledging each on {@code acks}, until the
     * end of the text (true) or until {@code carryOn} says no while nothing arrives (false). A Redis failure is
     * thrown as a {@link RedisException}.
     */
    static boolean take(StatefulRedisConnection<String, String> own, String data, String acks, long ackTtlMillis,
                        BooleanSupplier carryOn, Sink out) throws IOException {
        var sync = own.sync();
        boolean first = true;
        while (true) {
            KeyValue<String, String> item = sync.blpop(WAIT_SECONDS, data);
            if (item == null || !item.hasValue()) {
                if (!carryOn.getAsBoolean()) return false;
                continue;
            }
            var value = item.getValue();
            if (value.equals(END)) return true;
            out.accept(value);
            // Answers on this connection arrive in order, so the acknowledgement needs no wait of its own.
            own.async().rpush(acks, "1");
            if (first) own.async().pexpire(acks, ackTtlMillis);
            first = false;
        }
    }
}
