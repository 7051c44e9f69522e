package org.foundryrelay.store;

/**
 * A sign-in session as stored (the SHA-256 of its token only).
 *
 * @param kind {@code api} for a Bearer token from {@code POST /auth/login}, {@code web} for a dashboard cookie
 */
public record SignInRecord(String id, String accountId, String tokenHash, String kind, String userAgent, String address,
                           long createdAt, long expiresAt, long lastUsedAt) {}
