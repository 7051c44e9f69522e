package org.foundryrelay.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Sign-in sessions of accounts: Bearer tokens and dashboard cookies. */
public final class SignInRepository {
    private static final String COLUMNS =
            "id, account_id, token_hash, kind, user_agent, address, created_at, expires_at, last_used_at";
    private final Sql sql;

    public SignInRepository(Database db) {
        this.sql = db.sql();
    }

    public void insert(SignInRecord s) {
        sql.update("INSERT INTO account_sessions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", s.id(),
                s.accountId(), s.tokenHash(), s.kind(), s.userAgent(), s.address(), s.createdAt(), s.expiresAt(),
                s.lastUsedAt());
    }

    /** The session with this token hash that has not expired at {@code now}. */
    public Optional<SignInRecord> findLive(String tokenHash, long now) {
        return sql.one("SELECT " + COLUMNS + " FROM account_sessions WHERE token_hash = ? AND expires_at > ?",
                SignInRepository::map, tokenHash, now);
    }

    public List<SignInRecord> listLive(String accountId, long now) {
        return sql.list("SELECT " + COLUMNS + " FROM account_sessions WHERE account_id = ? AND expires_at > ?"
                + " ORDER BY created_at", SignInRepository::map, accountId, now);
    }

    public void touch(String id, long at) {
        sql.update("UPDATE account_sessions SET last_used_at = ? WHERE id = ?", at, id);
    }

    public boolean delete(String id) {
        return sql.update("DELETE FROM account_sessions WHERE id = ?", id) == 1;
    }

    /** Ends every session of the account except {@code keepId} (null ends all); returns how many ended. */
    public int deleteAllOf(String accountId, String keepId) {
        if (keepId == null) return sql.update("DELETE FROM account_sessions WHERE account_id = ?", accountId);
        return sql.update("DELETE FROM account_sessions WHERE account_id = ? AND id <> ?", accountId, keepId);
    }

    public void deleteExpired(long now) {
        sql.update("DELETE FROM account_sessions WHERE expires_at <= ?", now);
    }

    private static SignInRecord map(ResultSet rs) throws SQLException {
        return new SignInRecord(rs.getString("id"), rs.getString("account_id"), rs.getString("token_hash"),
                rs.getString("kind"), rs.getString("user_agent"), rs.getString("address"), rs.getLong("created_at"),
                rs.getLong("expires_at"), rs.getLong("last_used_at"));
    }
}
