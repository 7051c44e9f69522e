package org.foundryrelay.routes;

/** How a forwarded call reached the relay, for the activity log. */
public enum Transport {
    /** A REST call. */
    HTTP,
    /** A frame on the client WebSocket {@code /ws/api}. */
    WEBSOCKET,
    /** An MCP tool call. */
    MCP,
    /** Another world's {@code remote-request}. */
    REMOTE
}
