package org.foundryrelay.sim.protocol;

/**
 * How a socket ended: the close code and reason from the relay, or {@value CloseReaction#ABNORMAL}
 * with an error description when the connection failed without a close frame.
 */
public record CloseInfo(int code, String reason) {}
