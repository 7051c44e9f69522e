package org.foundryrelay.store;

import java.util.Optional;

/** One-time password-reset tokens (their SHA-256 only). */
public final class PasswordResetRepository {
    private final Sql sql;

    public PasswordResetRepository(Database db) {
        this.sql = db.sql();
    }

    public void insert(String tokenHash, String accountId, long expiresAt, long now) {
        sql.update("INSERT INTO password_resets (token_hash, account_id, expires_at, used, created_at) VALUES (?, ?, ?, 0, ?)",
                tokenHash, accountId, expiresAt, now);
    }

    /** The account of an unused, unexpired token. */
    public Optional<String> accountOf(String tokenHash, long now) {
        return sql.one("SELECT account_id FROM password_resets WHERE token_hash = ? AND used = 0 AND expires_at > ?",
                rs -> rs.getString("account_id"), tokenHash, now);
    }

    /** Marks the token used; false when it was used (or expired) in the meantime. */
    public boolean use(String tokenHash, long now) {
        return sql.update("UPDATE password_resets SET used = 1 WHERE token_hash = ? AND used = 0 AND expires_at > ?",
                tokenHash, now) == 1;
    }
}
