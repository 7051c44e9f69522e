package org.foundryrelay.store;

/**
 * One world-to-world call as logged.
 *
 * @param outcome    {@code sent} while it waits, then {@code ok}, {@code error} (the target or the relay
 *                   answered with an error) or {@code refused} (never forwarded)
 * @param durationMs from arrival to answer; null while it waits and for refusals
 */
public record RemoteRequestRecord(String id, String accountId, String sourceClientId, String targetClientId,
                                  String action, String tokenId, String outcome, String error, Long durationMs,
                                  long createdAt) {}
