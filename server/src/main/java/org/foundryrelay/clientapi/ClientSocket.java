package org.foundryrelay.clientapi;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.foundryrelay.auth.Principal;
import org.foundryrelay.events.EventStream;

/**
 * One client's socket on {@code /ws/api}. Outgoing frames go through a queue bounded in messages and in
 * characters, drained one send at a time: a client that stops reading fills it, and is then closed with
 * {@link ClientApi#SLOW_READER} instead of making the relay hold more. Incoming frames are handled one at
 * a time, in order, by {@link ClientApi}.
 */
public final class ClientSocket implements Session.Listener.AutoDemanding {
    private static final ByteBuffer PING_PAYLOAD = ByteBuffer.wrap("keepalive".getBytes());
    /** Messages a socket may have waiting, whatever their size. */
    static final int QUEUE_MESSAGES = 4096;

    private final ClientApi api;
    private final long queueCharLimit;
    /** The key presented in the upgrade (header or query), or null to wait for an auth message. */
    final String presetKey;
    /** The world asked for in the upgrade's query, or null. */
    final String presetClientId;
    /** The client's address as the upgrade request resolved it (behind a trusted proxy, the forwarded one). */
    private final String upgradeAddress;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    /** Subscriptions by "clientId channel", so each world's channel is subscribed at most once per socket. */
    final Map<String, EventStream> subscriptions = new ConcurrentHashMap<>();
    /** Requests sent to a world and not yet answered. */
    final AtomicInteger inFlight = new AtomicInteger();
    private volatile Session session;
    private volatile long lastHeard = System.currentTimeMillis();
    private long queuedChars;
    private boolean sending;
    private boolean closed;
    private boolean overflowed;

    // Set once by authentication; read by the frame handler and the keep-alive timer.
    volatile String key;
    volatile Principal principal;
    volatile String clientId;

    ClientSocket(ClientApi api, long queueCharLimit, String presetKey, String presetClientId, String upgradeAddress) {
        this.api = api;
        this.upgradeAddress = upgradeAddress;
        this.queueCharLimit = queueCharLimit;
        this.presetKey = presetKey;
        this.presetClientId = presetClientId;
    }

    /** The client's address without the port, for the failed-authentication limit. */
    String address() {
        if (upgradeAddress != null) return upgradeAddress;
        var s = session;
        if (s != null && s.getRemoteSocketAddress() instanceof java.net.InetSocketAddress a && a.getAddress() != null) {
            return a.getAddress().getHostAddress();
        }
        return null;
    }

    boolean authenticated() {
        return principal != null;
    }

    long lastHeard() {
        return lastHeard;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        api.opened(this, session);
    }

    @Override
    public void onWebSocketText(String text) {
        lastHeard = System.currentTimeMillis();
        api.frame(this, text);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        lastHeard = System.currentTimeMillis();
        callback.succeed();
        api.binary(this);
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        lastHeard = System.currentTimeMillis();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        synchronized (this) {
            closed = true;
            queue.clear();
            queuedChars = 0;
        }
        api.closed(this, statusCode, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // onWebSocketClose follows and does the cleaning up
    }

    /**
     * Queues a text frame. When the queue is full the socket is closed as a slow reader and everything
     * queued is dropped; false then, and when the socket is already closed.
     */
    boolean offer(String text) {
        boolean overflow = false;
        synchronized (this) {
            if (closed || overflowed) return false;
            if (!sending) {
                sending = true;
            } else if (queue.size() < QUEUE_MESSAGES && queuedChars + text.length() <= queueCharLimit) {
                queue.add(text);
                queuedChars += text.length();
                return true;
            } else {
                overflowed = overflow = true;
                queue.clear();
                queuedChars = 0;
            }
        }
        if (overflow) {
            api.overflowed(this);
            return false;
        }
        transmit(text);
        return true;
    }

    /** Characters waiting to be sent. */
    synchronized long queuedChars() {
        return queuedChars;
    }

    private void transmit(String text) {
        var s = session;
        if (s == null) return;
        s.sendText(text, Callback.from(this::next, e -> close(1011, "Send failed")));
    }

    private void next() {
        String text;
        synchronized (this) {
            text = overflowed ? null : queue.poll();
            if (text == null) {
                sending = false;
                return;
            }
            queuedChars -= text.length();
        }
        transmit(text);
    }

    void ping() {
        var s = session;
        if (s != null && s.isOpen()) s.sendPing(PING_PAYLOAD.duplicate(), Callback.NOOP);
    }

    void close(int code, String reason) {
        var s = session;
        if (s != null && s.isOpen()) s.close(code, reason, Callback.NOOP);
    }

    /** Drops the connection without a close handshake (a peer that stopped reading or answering). */
    void abort() {
        var s = session;
        if (s != null) s.disconnect();
    }

    boolean isOpen() {
        var s = session;
        return s != null && s.isOpen();
    }
}
