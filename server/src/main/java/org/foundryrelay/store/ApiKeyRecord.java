package org.foundryrelay.store;

import java.util.List;
import java.util.Map;

/**
 * A scoped API key as stored: never the key itself, only its SHA-256 and the first characters for
 * recognising it in listings.
 *
 * @param clientIds     worlds the key may reach; empty means any world of the account
 * @param foundryUser   Foundry user forced on every request, or null
 * @param foundryUsers  per-world Foundry user, overriding {@code foundryUser} for that world
 * @param monthlyLimit  requests a calendar month (UTC), or null for no limit
 * @param usageMonth    the month {@code requestsThisMonth} counts, as yyyy-MM
 * @param expiresAt     epoch millis after which the key is refused, or null
 */
public record ApiKeyRecord(
        String id,
        String accountId,
        String accountName,
        String name,
        String keyHash,
        String keyPrefix,
        List<String> scopes,
        List<String> clientIds,
        String foundryUser,
        Map<String, String> foundryUsers,
        Long monthlyLimit,
        String usageMonth,
        long requestsThisMonth,
        Long expiresAt,
        boolean enabled,
        long createdAt,
        Long lastUsedAt) {}
