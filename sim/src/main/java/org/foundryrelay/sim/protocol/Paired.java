package org.foundryrelay.sim.protocol;

/**
 * The result of {@code POST /auth/pair}: the connection token (stored by the module in the browser),
 * the relay-assigned clientId and the relay's WebSocket URL ({@code ws(s)://host/relay}).
 */
public record Paired(String token, String clientId, String relayUrl) {
    @Override
    public String toString() {
        return "Paired[clientId=" + clientId + ", relayUrl=" + relayUrl + ", token=…]";
    }
}
