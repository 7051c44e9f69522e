package org.foundryrelay.sim.protocol;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket of a {@link ModuleConnection}: a fresh one per connect, so callbacks of an old socket
 * can be recognised and ignored. Assembles partial text frames and serializes sends (the JDK socket
 * allows one outstanding text send, so later ones wait in a queue instead of blocking a thread).
 *
 * <p>Received messages and the end of the socket are handled in order on the shared executor rather
 * than inside the JDK callbacks. The JDK client loses a TCP close without close frame (EOF) that
 * arrives while a listener callback is still running: its close signal only takes effect from the
 * idle state, and the socket then sits in CLOSE_WAIT with no callback ever made. Returning from the
 * callbacks at once keeps that window tiny; for the rest, a failed send counts as the end of the
 * connection, so a missed close is noticed by the second keep-alive ping at the latest.
 */
final class Link implements WebSocket.Listener {
    private static final Logger log = LoggerFactory.getLogger(Link.class);

    private final ModuleConnection owner;
    private final Executor executor;
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final ConcurrentLinkedQueue<String> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile WebSocket socket;
    /** Text of a message arriving in parts; listener callbacks are sequential, so no locking. */
    private StringBuilder partial;
    /** Guarded by the owner's lock. */
    private ScheduledFuture<?> pinger;

    Link(ModuleConnection owner, Executor executor) {
        this.owner = owner;
        this.executor = executor;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        // The JDK calls this on the common ForkJoinPool; do the work on our own threads.
        handleLater(() -> owner.opened(this, webSocket));
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        String text = null;
        if (!last) {
            if (partial == null) partial = new StringBuilder(data.length() * 2);
            partial.append(data);
        } else if (partial != null) {
            text = partial.append(data).toString();
            partial = null;
        } else {
            text = data.toString();
        }
        webSocket.request(1);
        if (text != null) {
            String message = text;
            handleLater(() -> owner.received(this, message));
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1); // the relay never sends binary to the module
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        handleLater(() -> owner.closed(this, statusCode, reason));
        return null; // the JDK then answers with a close frame of the same code
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        handleLater(() -> owner.closed(this, CloseReaction.ABNORMAL, describe(error)));
    }

    /** Runs {@code task} after everything received before it, one task at a time. */
    private void handleLater(Runnable task) {
        inbox.add(task);
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException shutDown) {
                draining.set(false);
            }
        }
    }

    private void drain() {
        do {
            Runnable task;
            while ((task = inbox.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("failed to handle a relay message", e);
                }
            }
            draining.set(false);
            // A task added after the last poll but before set(false) found draining still true.
        } while (!inbox.isEmpty() && draining.compareAndSet(false, true));
    }

    /** Queues a text message; sent after every earlier one has gone out. Never blocks. */
    void send(String text) {
        outgoing.add(text);
        pump();
    }

    /** Starts a sender unless one is active. Completed sends loop here rather than recurse. */
    private void pump() {
        while (sending.compareAndSet(false, true)) {
            WebSocket ws = socket;
            String next = ws == null ? null : outgoing.poll();
            if (next == null) {
                sending.set(false);
                // A message queued between poll() and set(false) would be stranded without this check.
                if (ws == null || outgoing.isEmpty()) return;
                continue;
            }
            CompletableFuture<WebSocket> sent = ws.sendText(next, true);
            if (sent.isDone()) {
                sending.set(false);
                if (sent.isCompletedExceptionally()) sent.exceptionally(e -> failed(e));
                continue;
            }
            sent.whenComplete((w, e) -> {
                sending.set(false);
                if (e != null) failed(e);
                pump();
            });
            return;
        }
    }

    private WebSocket failed(Throwable e) {
        // A failed write means the connection is gone even if the JDK has not reported it (see above).
        outgoing.clear();
        String reason = "send failed: " + describe(e);
        handleLater(() -> owner.closed(this, CloseReaction.ABNORMAL, reason));
        WebSocket ws = socket;
        if (ws != null) ws.abort();
        return null;
    }

    void startPinger(ScheduledExecutorService timers, Duration interval) {
        long ms = interval.toMillis();
        pinger = timers.scheduleAtFixedRate(() -> send(Json.PING), ms, ms, TimeUnit.MILLISECONDS);
    }

    void stopPinger() {
        if (pinger != null) {
            pinger.cancel(false);
            pinger = null;
        }
    }

    /** Sends close 1000 like the module's {@code disconnect()} and drops the TCP connection soon after. */
    void closeGracefully(ScheduledExecutorService timers, Duration grace) {
        WebSocket ws = socket;
        if (ws == null) return; // still opening: the owner aborts it when it opens
        outgoing.clear();
        ws.sendClose(CloseReaction.NORMAL, "Disconnecting").whenComplete((w, e) -> {
            if (e != null) {
                ws.abort();
            } else if (!timers.isShutdown()) {
                timers.schedule(ws::abort, grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    static String describe(Throwable error) {
        Throwable e = error;
        while ((e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

}
