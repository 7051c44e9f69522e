package org.foundryrelay.foundry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One world's socket on {@code /relay}. Outgoing frames go through a queue bounded in messages and in
 * size, drained one send at a time, so a slow world can neither block callers nor grow memory without
 * bound: when the queue is full, {@link #offer} says no at once.
 *
 * <p>It is a frame handler on Jetty's WebSocket core rather than an endpoint of Jetty's WebSocket API: a world's
 * connect then skips that API's per-connection method binding and per-message buffers, which were a fair part
 * of a reconnect storm's cost. So it does itself what that API did: joins a text message's fragments
 * ({@link TextAssembly}, within a size limit), answers pings, ignores binary messages, and asks for each next
 * frame once the last one is handled.
 */
public final class WorldSocket implements FrameHandler, WorldRef {
    private static final Logger LOG = LoggerFactory.getLogger(WorldSocket.class);
    /** Largest message before auth-success; the auth message is well under 1 KiB. */
    static final int PRE_AUTH_MAX_BYTES = 16 * 1024;
    /** Largest message from an authenticated world (uploads and screenshots travel as base64 JSON). */
    static final long MAX_MESSAGE_BYTES = 64L * 1024 * 1024;
    private static final ByteBuffer PING_PAYLOAD = ByteBuffer.wrap("keepalive".getBytes());
    /** What one world may have waiting to be sent, so large bodies cannot pile up without bound. */
    static final long QUEUE_BYTE_LIMIT = 16L * 1024 * 1024;

    private final Listener listener;
    private final String clientId;
    private final WorldMeta meta;
    private final int queueLimit;
    /** The client's address from the upgrade request (a trusted proxy's forwarded one), or null to ask the socket. */
    private final String upgradeHost;
    /** Text frames waiting to be sent, and {@link Turn}s of callers waiting to stream a message. */
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private volatile CoreSession session;
    private volatile Identity identity;
    private final java.time.Clock clock;
    private volatile long maxMessageBytes = MAX_MESSAGE_BYTES;
    private final TextAssembly incoming = new TextAssembly();
    private volatile long lastHeard;
    private volatile boolean spoke;
    private volatile long connectedAt;
    private volatile java.util.List<WorldUser> users = java.util.List.of();
    private long queuedChars;
    private boolean sending;
    private boolean closed;

    /**
     * Who the socket authenticated as.
     *
     * @param returning   whether its token had been used before, so the store already holds the world
     * @param tokenSource where that token came from ({@code pairing}, {@code headless}, {@code cli})
     */
    record Identity(String accountId, String tokenId, boolean returning, String tokenSource) {}

    /** What the relay does with a socket's life: told of each step, in order, on Jetty's threads. */
    interface Listener {
        /** The connection is open; nothing has been received yet. */
        void opened(WorldSocket socket);

        /** A text message before auth-success: it should be the auth message. */
        void unauthenticated(WorldSocket socket, String text);

        /** A text message from an authenticated world. */
        void received(WorldSocket socket, String text);

        /** The connection is gone (close frame, abort or error); nothing more will be sent on it. */
        void closed(WorldSocket socket, int code, String reason);
    }

    WorldSocket(Listener listener, String clientId, WorldMeta meta, int queueLimit, java.time.Clock clock, String upgradeHost) {
        this.clock = clock;
        this.upgradeHost = upgradeHost;
        this.lastHeard = clock.millis();
        this.listener = listener;
        this.clientId = clientId;
        this.meta = meta;
        this.queueLimit = queueLimit;
    }

    public String clientId() {
        return clientId;
    }

    public WorldMeta meta() {
        return meta;
    }

    /** The account the world authenticated for; null before auth-success. */
    public String accountId() {
        var id = identity;
        return id == null ? null : id.accountId();
    }

    /** The id of the connection token the world authenticated with; null before auth-success. */
    public String tokenId() {
        var id = identity;
        return id == null ? null : id.tokenId();
    }

    /** Whether the world came back with a token used before (the store knows it); false before auth-success. */
    boolean returning() {
        var id = identity;
        return id != null && id.returning();
    }

    /** Where that token came from ({@code pairing}, {@code headless}, {@code cli}); null before auth-success. */
    public String tokenSource() {
        var id = identity;
        return id == null ? null : id.tokenSource();
    }

    /** Raises what an authenticated world may send in one message (a download travels as one base64 reply). */
    void allowMessagesUpTo(long bytes) {
        this.maxMessageBytes = Math.max(MAX_MESSAGE_BYTES, bytes);
    }

    /** @param connectedAt when the login admitted it, as the cluster announced it (epoch millis) */
    void authenticated(Identity identity, long connectedAt) {
        var s = session;
        if (s != null) s.setMaxFrameSize(maxMessageBytes);
        this.connectedAt = connectedAt;
        this.identity = identity;
    }

    /** A Foundry user of this world as its last {@code player-list} reported. */
    public record WorldUser(String id, String name, int role) {
        /**
         * Whether {@code users} has one with this id or (ignoring case) name. An empty list accepts anyone:
         * before the world has listed its users, the world itself decides.
         */
        public static boolean known(java.util.List<WorldUser> users, String idOrName) {
            return users.isEmpty() || users.stream().anyMatch(u -> idOrName.equals(u.id()) || idOrName.equalsIgnoreCase(u.name()));
        }
    }

    void users(java.util.List<WorldUser> users) {
        this.users = java.util.List.copyOf(users);
    }

    public java.util.List<WorldUser> users() {
        return users;
    }

    /**
     * Whether the world has a user with this id or (ignoring case) name. Before the world has sent its
     * player list any user is accepted, so the world itself decides.
     */
    public boolean knowsUser(String idOrName) {
        return WorldUser.known(users, idOrName);
    }

    public long connectedAt() {
        return connectedAt;
    }

    /** Whether any text message has arrived (the auth message, once a world has sent it). */
    boolean spoke() {
        return spoke;
    }

    public long lastHeard() {
        return lastHeard;
    }

    /**
     * The world's address without the port, as the upgrade request resolved it (behind a trusted proxy, the
     * forwarded client); used to tell a reconnect from a second browser and for IP allow-lists.
     */
    public String remoteHost() {
        if (upgradeHost != null) return upgradeHost;
        var s = session;
        if (s != null && s.getRemoteAddress() instanceof InetSocketAddress a) {
            return a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        }
        return "";
    }

    Set<String> pendingIds() {
        return pending;
    }

    @Override
    public void onOpen(CoreSession session, Callback callback) {
        // Until the world authenticates, only the tiny auth message is expected: a huge frame from an
        // unauthenticated peer is refused (1009) before it can be buffered.
        session.setMaxFrameSize(PRE_AUTH_MAX_BYTES);
        this.session = session;
        try {
            listener.opened(this);
        } catch (RuntimeException e) {
            callback.failed(e);
            return;
        }
        callback.succeeded();
        session.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        var s = session;
        // Until auth-success only the small auth message is expected.
        long textLimit = identity == null ? PRE_AUTH_MAX_BYTES : maxMessageBytes;
        try {
            switch (frame.getOpCode()) {
                case OpCode.TEXT -> received(incoming.add(frame, true, textLimit));
                case OpCode.CONTINUATION -> {
                    // else the rest of an ignored binary message
                    if (incoming.inMessage()) received(incoming.add(frame, false, textLimit));
                }
                case OpCode.PING -> {
                    // The pong carries the ping's payload, which is Jetty's to reuse once the callback completes.
                    s.sendFrame(new Frame(OpCode.PONG, true, frame.getPayload()), Callback.from(() -> {
                        callback.succeeded();
                        s.demand();
                    }, callback::failed), false);
                    return;
                }
                case OpCode.PONG -> lastHeard = clock.millis();
                case OpCode.CLOSE -> {
                    callback.succeeded(); // Jetty answers the close and then calls onClosed
                    return;
                }
                default -> { } // the module only sends text; binary frames are ignored unbuffered
            }
        } catch (Throwable e) {
            callback.failed(e); // Jetty closes with the code the failure names (1007, 1009; 1011 for the others)
            return;
        }
        callback.succeeded();
        s.demand();
    }

    private void received(String text) {
        if (text == null) return; // a fragment: the message is not whole yet
        spoke = true;
        lastHeard = clock.millis();
        if (identity == null) listener.unauthenticated(this, text);
        else listener.received(this, text);
    }

    @Override
    public void onClosed(CloseStatus status, Callback callback) {
        synchronized (this) {
            closed = true;
            for (var item : queue) if (item instanceof Turn t) t.completeExceptionally(new IOException("world disconnected"));
            queue.clear();
            queuedChars = 0;
        }
        try {
            listener.closed(this, status.getCode(), status.getReason());
        } finally {
            callback.succeeded();
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        // Logged only: what matters to the relay is the socket's end, reported through onClosed.
        LOG.debug("socket error on {}: {}", clientId, cause.toString());
        callback.succeeded();
    }

    /** Queues a text frame; false when the socket is closed or its queue is full. */
    public boolean offer(String text) {
        synchronized (this) {
            if (closed) return false;
            if (sending) {
                if (queue.size() >= queueLimit || queuedChars + text.length() > QUEUE_BYTE_LIMIT) return false;
                queue.add(text);
                queuedChars += text.length();
                return true;
            }
            sending = true;
        }
        transmit(text);
        return true;
    }

    private void transmit(String text) {
        var s = session;
        if (s == null) return;
        s.sendFrame(new Frame(OpCode.TEXT, true, text), Callback.from(this::next, e -> closeQuietly(1011, "Send failed")), false);
    }

    private void next() {
        String text;
        synchronized (this) {
            var item = queue.poll();
            if (item == null) {
                sending = false;
                return;
            }
            if (item instanceof Turn turn) {
                turn.complete(null); // the socket passes to a streaming caller; it calls next() when done
                return;
            }
            text = (String) item;
            queuedChars -= text.length();
        }
        transmit(text);
    }

    /** A caller's place in the queue, completed when the socket is its to stream on. */
    private static final class Turn extends java.util.concurrent.CompletableFuture<Void> {}

    /** Sends one text message in fragments, blocking the calling (virtual) thread. */
    @FunctionalInterface
    public interface Fragments {
        /** Sends {@code text} as the next fragment; {@code last} ends the message. */
        void send(String text, boolean last) throws IOException;
    }

    /** Writes one message through {@link Fragments}. */
    @FunctionalInterface
    public interface StreamedMessage {
        void write(Fragments out) throws IOException;
    }

    /**
     * Sends one (large) text message in fragments without holding it in memory: waits its turn behind
     * frames already queued (at most {@code waitMillis}), then holds the socket, so no other message can
     * interleave, until {@code message} has sent its last fragment. Frames offered meanwhile queue as usual.
     *
     * @throws IOException when the socket closes, the turn does not come in time, or a send fails
     */
    public void stream(StreamedMessage message, long waitMillis) throws IOException, InterruptedException {
        Turn turn = null;
        synchronized (this) {
            if (closed) throw new IOException("world disconnected");
            if (sending) queue.add(turn = new Turn());
            else sending = true;
        }
        if (turn != null) {
            try {
                turn.get(waitMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("world disconnected", e);
            } catch (java.util.concurrent.TimeoutException e) {
                synchronized (this) {
                    if (queue.remove(turn)) throw new IOException("world busy");
                }
                // the turn came just now: use it
            }
        }
        var started = new boolean[1];
        try {
            message.write((text, last) -> {
                // The first fragment opens a text message; the others continue it.
                byte opCode = started[0] ? OpCode.CONTINUATION : OpCode.TEXT;
                started[0] = true;
                var s = session;
                if (s == null || !s.isOutputOpen()) throw new IOException("world disconnected");
                var sent = new Callback.Completable();
                s.sendFrame(new Frame(opCode, last, text), sent, false);
                try {
                    sent.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("send failed", e.getCause());
                }
            });
        } catch (IOException | RuntimeException e) {
            // Half a message leaves the socket unusable: the world would read the next frame as its rest.
            if (started[0]) closeQuietly(1011, "Send failed");
            throw e;
        } finally {
            next();
        }
    }

    void ping() {
        var s = session;
        if (s != null && s.isOutputOpen()) s.sendFrame(new Frame(OpCode.PING, true, PING_PAYLOAD.duplicate()), Callback.NOOP, false);
    }

    /** Sends a close frame with this code and reason. */
    public void close(int code, String reason) {
        closeQuietly(code, reason);
    }

    private void closeQuietly(int code, String reason) {
        var s = session;
        if (s != null && s.isOutputOpen()) s.close(code, reason, Callback.NOOP);
    }

    /** Drops the connection without a close handshake (a world that stopped answering). */
    void abort() {
        var s = session;
        if (s != null) s.abort();
    }

    /** Whether the connection is open: false once a close has begun, or before it opened. */
    public boolean isOpen() {
        var s = session;
        return s != null && s.isOutputOpen();
    }
}
