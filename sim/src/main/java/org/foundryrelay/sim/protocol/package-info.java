/**
 * The Foundry module's side of the relay protocol, as the simulator speaks it.
 *
 * <p>A world connects a WebSocket to {@code <relay>/relay?id=<clientId>&worldId=…} (metadata only in
 * the query string, the browser's {@code Origin} header as the world's public URL) and sends
 * {@code {"type":"auth","token":…}} as its first message. The relay answers
 * {@code {"type":"auth-success"}} or closes (1008/4002: bad token, 4004: clientId already connected
 * elsewhere). Once authenticated the module sends a JSON {@code ping} and its {@code player-list},
 * then answers each relay request {@code {type, requestId, …}} with {@code {type:"<type>-result",
 * requestId, …}} and pushes events on its own. It pings every 30 s and reconnects with exponential
 * backoff (1 s doubling to 30 s, 20 attempts), except after 1000 (stay off), 1008/4001/4002 (token
 * forgotten) and 4004 (retry every 30 s).
 *
 * <p>{@link org.foundryrelay.sim.protocol.ModuleConnection} is one such connection, driven by a
 * {@link org.foundryrelay.sim.protocol.ModuleEndpoint} (the world); connections share a
 * {@link org.foundryrelay.sim.protocol.SimNetwork}. {@link org.foundryrelay.sim.protocol.Pairing}
 * obtains tokens over HTTP ({@code /auth/pair}, {@code /auth/pair-request}).
 */
package org.foundryrelay.sim.protocol;
