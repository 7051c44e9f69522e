package org.foundryrelay.sim.protocol;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What all simulated connections of one process share: one {@link HttpClient} (whose single selector
 * thread does the socket I/O) on a small executor that runs the WebSocket callbacks, and one timer
 * thread for keep-alive pings and reconnect delays. No thread exists per world, which is what lets
 * one JVM hold thousands of idle worlds.
 *
 * <p>Note: the JDK finishes each WebSocket opening handshake on the common {@code ForkJoinPool}
 * (parallelism 1 on a 2-core machine), whatever executor the client has. Code that keeps every
 * common-pool thread blocked stops new connections from ever opening.
 */
public final class SimNetwork implements AutoCloseable {

    private final ExecutorService callbacks;
    private final ScheduledThreadPoolExecutor timers;
    private final HttpClient http;

    /** Two callback threads: enough for idle worlds and light traffic. */
    public SimNetwork() {
        this(2);
    }

    /** @param callbackThreads threads running WebSocket callbacks, endpoint calls and HTTP completions */
    public SimNetwork(int callbackThreads) {
        if (callbackThreads < 1) throw new IllegalArgumentException("callbackThreads < 1");
        callbacks = Executors.newFixedThreadPool(callbackThreads, daemonThreads("sim-net-"));
        timers = new ScheduledThreadPoolExecutor(1, daemonThreads("sim-timer-"));
        // Cancelled ping tasks of thousands of closed worlds would otherwise sit in the queue.
        timers.setRemoveOnCancelPolicy(true);
        timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        http = HttpClient.newBuilder()
                .executor(callbacks)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public HttpClient http() {
        return http;
    }

    /** Where received messages are handled; the same threads that run the WebSocket callbacks. */
    public Executor callbacks() {
        return callbacks;
    }

    public ScheduledExecutorService scheduler() {
        return timers;
    }

    /** Stops the timers and the client. Close the connections first. */
    @Override
    public void close() {
        timers.shutdownNow();
        http.shutdownNow();
        callbacks.shutdownNow();
        try {
            callbacks.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        var n = new AtomicInteger();
        return r -> {
            var t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
