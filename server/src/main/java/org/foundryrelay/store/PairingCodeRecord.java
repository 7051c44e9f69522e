package org.foundryrelay.store;

/**
 * A short code a GM types into the module to pair a world with an account.
 *
 * @param clientId  the world the code is bound to ("add this browser"), or null to let pairing choose
 * @param expiresAt epoch millis after which the code is refused
 * @param used      whether the code has been exchanged (codes are single use)
 */
public record PairingCodeRecord(String code, String accountId, String clientId, long expiresAt, boolean used,
                                long createdAt) {}
