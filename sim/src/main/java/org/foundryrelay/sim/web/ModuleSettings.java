package org.foundryrelay.sim.web;

import java.time.Duration;
import java.util.Objects;
import org.foundryrelay.sim.protocol.ConnectionOptions;
import org.foundryrelay.sim.protocol.RelayUrls;

/**
 * The REST API module's world settings for one hosted world, as the game page's script uses them.
 * A world without {@code relayUrl} or {@code clientId} is unpaired: its game page never connects,
 * like the module returning silently when a setting is missing.
 *
 * @param relayUrl   the module's {@code wsRelayUrl} ({@code ws://host:port}, {@code /relay} optional;
 *                   http(s) is turned into ws(s)), or null
 * @param clientId   the module's {@code clientId} ({@code ?id=} on {@code /relay}), or null
 * @param timings    ping period, reconnect backoff, 4004 retry delay and connect timeout; the
 *                   {@code origin} field is ignored because the browser sends its own {@code Origin}
 * @param startDelay wait between page load and the first connect (the module waits 1 s after
 *                   Foundry's {@code ready} hook; zero by default so tests do not wait)
 */
public record ModuleSettings(String relayUrl, String clientId, ConnectionOptions timings, Duration startDelay) {

    public ModuleSettings {
        if (relayUrl != null) RelayUrls.webSocketBase(relayUrl); // fail fast on a malformed URL
        if (clientId != null && clientId.isEmpty()) clientId = null;
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(startDelay, "startDelay");
        if (startDelay.isNegative()) throw new IllegalArgumentException("startDelay is negative");
    }

    /** A paired world with the module's default timings. */
    public static ModuleSettings paired(String relayUrl, String clientId) {
        return new ModuleSettings(Objects.requireNonNull(relayUrl, "relayUrl"),
                Objects.requireNonNull(clientId, "clientId"), ConnectionOptions.DEFAULTS, Duration.ZERO);
    }

    /** A world whose module was never paired: no relay URL, no clientId. */
    public static ModuleSettings unpaired() {
        return new ModuleSettings(null, null, ConnectionOptions.DEFAULTS, Duration.ZERO);
    }

    public boolean isPaired() {
        return relayUrl != null && clientId != null;
    }

    public ModuleSettings withTimings(ConnectionOptions value) {
        return new ModuleSettings(relayUrl, clientId, value, startDelay);
    }

    public ModuleSettings withStartDelay(Duration value) {
        return new ModuleSettings(relayUrl, clientId, timings, value);
    }
}
