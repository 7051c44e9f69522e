package org.foundryrelay.store;

import java.util.List;

/**
 * An integration's request for a key, and once approved, what the key will allow.
 *
 * @param status       {@code pending}, {@code approved}, {@code exchanged} or {@code denied}
 * @param accountId    the approving account, once approved
 * @param keyId        the id the key gets when it is collected
 * @param exchangeHash SHA-256 of the web flow's exchange code, or null
 */
public record KeyRequestRecord(
        String code, String appName, String appDescription, String appUrl, List<String> requestedScopes,
        List<String> requestedClientIds, String callbackUrl, Long suggestedMonthlyLimit, String suggestedExpiry,
        String status, String accountId, List<String> grantedScopes, List<String> grantedClientIds,
        Long grantedMonthlyLimit, Long grantedExpiresAt, String keyId, String exchangeHash, long expiresAt,
        long createdAt) {}
