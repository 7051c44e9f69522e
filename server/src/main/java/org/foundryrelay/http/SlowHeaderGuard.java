package org.foundryrelay.http;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that dribble their request headers (a byte every few seconds keeps Jetty's idle timeout
 * from ever firing): a request whose line and headers are not complete within the header timeout is dropped,
 * and one address may have only a few connections in that state at once. Idle keep-alive connections (no
 * request started) are left to the idle timeout.
 */
final class SlowHeaderGuard extends AbstractLifeCycle implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(SlowHeaderGuard.class);

    private final long timeoutMillis;
    private final int perAddress;
    /** Open HTTP/1 connections, with when their current request's headers started (0 = none in progress). */
    private final Map<HttpConnection, long[]> open = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;

    SlowHeaderGuard(long timeoutMillis, int perAddress) {
        this.timeoutMillis = timeoutMillis;
        this.perAddress = perAddress;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) open.put(http, new long[1]);
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof HttpConnection http) open.remove(http);
    }

    @Override
    protected void doStart() {
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("slow-headers").factory());
        long period = Math.max(50, Math.min(1000, timeoutMillis / 4));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        sweeper.shutdownNow();
    }

    private void sweep() {
        long now = System.nanoTime() / 1_000_000;
        var inHeaders = new HashMap<String, Integer>();
        for (var entry : open.entrySet()) {
            var connection = entry.getKey();
            var since = entry.getValue();
            var parser = connection.getParser();
            boolean started = parser.inHeaderState() && !parser.isStart();
            if (!started) {
                since[0] = 0;
                continue;
            }
            if (since[0] == 0) since[0] = now;
            var address = address(connection);
            int count = inHeaders.merge(address, 1, Integer::sum);
            if (now - since[0] > timeoutMillis || count > perAddress) {
                LOG.warn("closed a connection from {} that had not finished its request headers in time", address);
                connection.getEndPoint().close();
            }
        }
    }

    private static String address(HttpConnection connection) {
        return connection.getEndPoint().getRemoteSocketAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : "unknown";
    }
}
