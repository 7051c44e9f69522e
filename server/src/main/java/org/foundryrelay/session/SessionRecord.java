package org.foundryrelay.session;

/**
 * A headless session as stored. {@code status} is {@code starting}, {@code running} or {@code ended};
 * times are epoch milliseconds; {@code endReason} is a {@link SessionState.EndReason} wire word.
 */
record SessionRecord(
        String id,
        String accountId,
        String instanceId,
        String tokenId,
        String clientId,
        String foundryUrl,
        String username,
        String worldName,
        String worldId,
        String worldTitle,
        String consoleLog,
        String status,
        String endReason,
        long startedAt,
        long lastActivity,
        Long endedAt) {}
