package org.foundryrelay.store;

/**
 * One line of the activity log. Never a key, token, password or request body.
 *
 * @param actor    how the change was made: {@code key}, {@code session}, {@code cli} or {@code world}
 * @param action   what happened, e.g. {@code POST /roll} or {@code key.created}
 * @param status   the HTTP status of a forwarded call, or null
 * @param ms       how long a forwarded call took, or null
 * @param detail   a short human note (a key's or world's name), or null
 */
public record AuditRecord(String id, long at, String accountId, String actor, String keyId, String keyName,
                          String clientId, String action, Integer status, Long ms, String detail) {}
