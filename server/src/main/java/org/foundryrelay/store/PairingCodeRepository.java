package org.foundryrelay.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Pairing codes, stored only as their SHA-256 (a leaked store hands out no code). Callers pass and get back
 * the plain code; the hashing stays inside. A code is claimed with one conditional update, so two exchanges
 * of it can never both win.
 */
public final class PairingCodeRepository {
    private static final String COLUMNS = "code, account_id, client_id, expires_at, used, created_at";
    private final Sql sql;

    public PairingCodeRepository(Database db) {
        this.sql = db.sql();
    }

    /** Stores a new code; false when the code already exists (the caller draws another). */
    public boolean insert(PairingCodeRecord c) {
        return sql.update("INSERT INTO pairing_codes (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (code) DO NOTHING",
                Hashes.sha256(c.code()), c.accountId(), c.clientId(), c.expiresAt(), c.used(), c.createdAt()) == 1;
    }

    /** The code's record, carrying the plain code it was found by. */
    public Optional<PairingCodeRecord> find(String code) {
        return sql.one("SELECT " + COLUMNS + " FROM pairing_codes WHERE code = ?", PairingCodeRepository::map, Hashes.sha256(code))
                .map(r -> new PairingCodeRecord(code, r.accountId(), r.clientId(), r.expiresAt(), r.used(), r.createdAt()));
    }

    /**
     * Marks the code used if it is still unused and unexpired at {@code now}; true for exactly one caller.
     */
    public boolean claim(String code, long now) {
        return sql.update("UPDATE pairing_codes SET used = 1 WHERE code = ? AND used = 0 AND expires_at > ?",
                Hashes.sha256(code), now) == 1;
    }

    public boolean delete(String code) {
        return sql.update("DELETE FROM pairing_codes WHERE code = ?", Hashes.sha256(code)) == 1;
    }

    /** Drops codes that expired before {@code before}; returns how many. */
    public int deleteExpired(long before) {
        return sql.update("DELETE FROM pairing_codes WHERE expires_at < ?", before);
    }

    private static PairingCodeRecord map(ResultSet rs) throws SQLException {
        return new PairingCodeRecord(rs.getString("code"), rs.getString("account_id"), rs.getString("client_id"),
                rs.getLong("expires_at"), rs.getInt("used") != 0, rs.getLong("created_at"));
    }
}
