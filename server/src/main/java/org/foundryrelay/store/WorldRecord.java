package org.foundryrelay.store;

/** A world (Foundry client) known to an account, with the metadata it last reported. */
public record WorldRecord(
        String accountId,
        String clientId,
        String worldId,
        String worldTitle,
        String foundryVersion,
        String systemId,
        String systemTitle,
        String systemVersion,
        String customName,
        String publicUrl,
        String serverFingerprint,
        long firstSeenAt,
        long lastSeenAt) {}
