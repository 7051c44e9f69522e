package org.foundryrelay.foundry;

/**
 * The answer to a forwarded request, ready to be written as an HTTP response: the world's own JSON with
 * 200 (or 400 when it carries an {@code error}), or the relay's JSON error when the world did not answer.
 */
public record Reply(int status, String body) {}
