package org.foundryrelay.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Key requests from integrations. The request code (what the integration and the approving person hold) is
 * stored only as its SHA-256: records found by their code carry it, listings carry none.
 */
public final class KeyRequestRepository {
    private static final String COLUMNS = """
            code, app_name, app_description, app_url, requested_scopes, requested_client_ids, callback_url,
            suggested_monthly_limit, suggested_expiry, status, account_id, granted_scopes, granted_client_ids,
            granted_monthly_limit, granted_expires_at, key_id, exchange_hash, expires_at, created_at""";
    private final Sql sql;

    public KeyRequestRepository(Database db) {
        this.sql = db.sql();
    }

    /** Inserts a new request; false when the code is taken. */
    public boolean insert(KeyRequestRecord r) {
        return sql.update("INSERT INTO key_requests (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING",
                Hashes.sha256(r.code()), r.appName(), r.appDescription(), r.appUrl(), String.join(",", r.requestedScopes()),
                csv(r.requestedClientIds()), r.callbackUrl(), r.suggestedMonthlyLimit(), r.suggestedExpiry(), r.status(),
                r.accountId(), csv(r.grantedScopes()), csv(r.grantedClientIds()), r.grantedMonthlyLimit(),
                r.grantedExpiresAt(), r.keyId(), r.exchangeHash(), r.expiresAt(), r.createdAt()) == 1;
    }

    public Optional<KeyRequestRecord> find(String code) {
        return sql.one("SELECT " + COLUMNS + " FROM key_requests WHERE code = ?", rs -> map(rs, code), Hashes.sha256(code));
    }

    public Optional<KeyRequestRecord> findByExchangeHash(String hash) {
        return sql.one("SELECT " + COLUMNS + " FROM key_requests WHERE exchange_hash = ?", rs -> map(rs, null), hash);
    }

    public List<KeyRequestRecord> listPending(long now) {
        return sql.list("SELECT " + COLUMNS + " FROM key_requests WHERE status = 'pending' AND expires_at > ? ORDER BY created_at",
                rs -> map(rs, null), now);
    }

    /** Records an approval of a still pending request; false when it was decided in the meantime. */
    public boolean approve(KeyRequestRecord r) {
        return sql.update("""
                UPDATE key_requests SET status = 'approved', account_id = ?, granted_scopes = ?, granted_client_ids = ?,
                    granted_monthly_limit = ?, granted_expires_at = ?, key_id = ?, exchange_hash = ?
                WHERE code = ? AND status = 'pending'""", r.accountId(), csv(r.grantedScopes()),
                csv(r.grantedClientIds()), r.grantedMonthlyLimit(), r.grantedExpiresAt(), r.keyId(), r.exchangeHash(),
                Hashes.sha256(r.code())) == 1;
    }

    /** Moves the request from {@code from} to {@code to}; false when it was not in {@code from}. */
    public boolean transition(String code, String from, String to) {
        return sql.update("UPDATE key_requests SET status = ? WHERE code = ? AND status = ?", to, Hashes.sha256(code), from) == 1;
    }

    /** As {@link #transition}, for a request known by its web-flow exchange code's hash (its code unknown). */
    public boolean transitionByExchangeHash(String exchangeHash, String from, String to) {
        return sql.update("UPDATE key_requests SET status = ? WHERE exchange_hash = ? AND status = ?", to, exchangeHash, from) == 1;
    }

    public void deleteExpired(long before) {
        sql.update("DELETE FROM key_requests WHERE expires_at < ? AND status IN ('pending', 'denied', 'exchanged')", before);
    }

    private static String csv(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    private static KeyRequestRecord map(ResultSet rs, String code) throws SQLException {
        return new KeyRequestRecord(code, rs.getString("app_name"), rs.getString("app_description"),
                rs.getString("app_url"), ApiKeyRepository.splitCsv(rs.getString("requested_scopes")),
                ApiKeyRepository.splitCsv(rs.getString("requested_client_ids")), rs.getString("callback_url"),
                Sql.nullableLong(rs, "suggested_monthly_limit"), rs.getString("suggested_expiry"), rs.getString("status"),
                rs.getString("account_id"), ApiKeyRepository.splitCsv(rs.getString("granted_scopes")),
                ApiKeyRepository.splitCsv(rs.getString("granted_client_ids")), Sql.nullableLong(rs, "granted_monthly_limit"),
                Sql.nullableLong(rs, "granted_expires_at"), rs.getString("key_id"), rs.getString("exchange_hash"),
                rs.getLong("expires_at"), rs.getLong("created_at"));
    }
}
