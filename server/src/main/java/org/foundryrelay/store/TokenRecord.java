package org.foundryrelay.store;

import java.util.List;

/**
 * A connection token as stored (its SHA-256 only).
 *
 * @param clientId   the world the token is bound to, or null until a headless world first uses it
 * @param source     how it was issued: {@code pairing}, {@code headless} or {@code cli}
 * @param allowedIps addresses or CIDR ranges the world may connect from; empty means any
 * @param revokedAt  when it was revoked, or null while valid
 */
public record TokenRecord(
        String id,
        String accountId,
        String tokenHash,
        String name,
        String clientId,
        String source,
        List<String> allowedIps,
        long createdAt,
        Long lastUsedAt,
        Long revokedAt) {}
