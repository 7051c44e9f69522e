package org.foundryrelay.sim.protocol;

import java.time.Duration;
import java.util.Objects;

/**
 * Timings and browser details of a {@link ModuleConnection}. {@link #DEFAULTS} are the module's own
 * values; tests shrink the timings to milliseconds.
 *
 * @param pingInterval         JSON {@code ping} period while connected (module setting {@code pingInterval}, 30 s)
 * @param reconnectBaseDelay   first backoff delay (module setting {@code reconnectBaseDelay}, 1 s)
 * @param reconnectMaxDelay    backoff ceiling (30 s, fixed in the module)
 * @param reconnectMaxAttempts attempts before giving up (module setting {@code reconnectMaxAttempts}, 20)
 * @param duplicateRetryDelay  wait after close 4004 before trying again (30 s)
 * @param connectTimeout       how long the opening handshake may take (5 s)
 * @param origin               the {@code Origin} header, i.e. the world's public URL as a browser
 *                             would send it ({@code http://127.0.0.1:30000}); null sends none
 */
public record ConnectionOptions(
        Duration pingInterval,
        Duration reconnectBaseDelay,
        Duration reconnectMaxDelay,
        int reconnectMaxAttempts,
        Duration duplicateRetryDelay,
        Duration connectTimeout,
        String origin) {

    /** The module's defaults. */
    public static final ConnectionOptions DEFAULTS = new ConnectionOptions(
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            20,
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            "http://127.0.0.1:30000");

    public ConnectionOptions {
        requirePositive(pingInterval, "pingInterval");
        requirePositive(reconnectBaseDelay, "reconnectBaseDelay");
        requirePositive(reconnectMaxDelay, "reconnectMaxDelay");
        requirePositive(duplicateRetryDelay, "duplicateRetryDelay");
        requirePositive(connectTimeout, "connectTimeout");
        if (reconnectMaxAttempts < 0) throw new IllegalArgumentException("reconnectMaxAttempts < 0");
    }

    /** The reconnect schedule these options describe. */
    public Backoff backoff() {
        return new Backoff(reconnectBaseDelay, reconnectMaxDelay, reconnectMaxAttempts);
    }

    public ConnectionOptions withPingInterval(Duration value) {
        return new ConnectionOptions(value, reconnectBaseDelay, reconnectMaxDelay, reconnectMaxAttempts,
                duplicateRetryDelay, connectTimeout, origin);
    }

    public ConnectionOptions withBackoff(Duration base, Duration max, int maxAttempts) {
        return new ConnectionOptions(pingInterval, base, max, maxAttempts, duplicateRetryDelay, connectTimeout, origin);
    }

    public ConnectionOptions withDuplicateRetryDelay(Duration value) {
        return new ConnectionOptions(pingInterval, reconnectBaseDelay, reconnectMaxDelay, reconnectMaxAttempts,
                value, connectTimeout, origin);
    }

    public ConnectionOptions withConnectTimeout(Duration value) {
        return new ConnectionOptions(pingInterval, reconnectBaseDelay, reconnectMaxDelay, reconnectMaxAttempts,
                duplicateRetryDelay, value, origin);
    }

    public ConnectionOptions withOrigin(String value) {
        return new ConnectionOptions(pingInterval, reconnectBaseDelay, reconnectMaxDelay, reconnectMaxAttempts,
                duplicateRetryDelay, connectTimeout, value);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
    }
}
