package org.foundryrelay.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a new key should allow.
 *
 * @param foundryUser  user forced on every world, or null
 * @param foundryUsers user forced per world (clientId to user)
 * @param expiresAt    when the key stops working, or null
 * @param monthlyLimit requests per calendar month, or null for none
 */
public record KeySpec(
        String accountName,
        String name,
        Set<Scope> scopes,
        List<String> clientIds,
        String foundryUser,
        Map<String, String> foundryUsers,
        Instant expiresAt,
        Long monthlyLimit) {}
