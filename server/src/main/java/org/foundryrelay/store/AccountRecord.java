package org.foundryrelay.store;

/**
 * An account (tenant) as stored.
 *
 * @param email        the sign-in email, lower-case, or null for an account known only by name
 * @param passwordHash the Argon2id hash in PHC form, or null when the account cannot sign in with a password
 * @param role         {@code user} or {@code admin}
 */
public record AccountRecord(String id, String name, String email, String passwordHash, String role, boolean disabled,
                            long createdAt) {
    public static final String USER = "user";
    public static final String ADMIN = "admin";

    /** An account made by the CLI with only a name: no password, role {@code user}. */
    public AccountRecord(String id, String name, long createdAt) {
        this(id, name, null, null, USER, false, createdAt);
    }

    public boolean isAdmin() {
        return ADMIN.equals(role);
    }
}
