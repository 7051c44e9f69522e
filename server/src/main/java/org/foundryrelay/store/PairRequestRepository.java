package org.foundryrelay.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.foundryrelay.store.PairRequestRecord.Status;

/**
 * Device-flow pair requests. Every status change is a conditional update on the expected current status,
 * so concurrent decisions (two operators, two pollers) resolve to exactly one winner.
 */
public final class PairRequestRepository {
    private static final String COLUMNS = """
            code, world_id, world_title, system_id, system_title, system_version, foundry_version, client_id,
            server_fingerprint, upgrade_only, status, pairing_code, account_id, expires_at, created_at""";
    private final Sql sql;

    public PairRequestRepository(Database db) {
        this.sql = db.sql();
    }

    /** Stores a new request; false when the code already exists (the caller draws another). */
    public boolean insert(PairRequestRecord r) {
        return sql.update("INSERT INTO pair_requests (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (code) DO NOTHING",
                r.code(), r.worldId(), r.worldTitle(), r.systemId(), r.systemTitle(), r.systemVersion(),
                r.foundryVersion(), r.clientId(), r.serverFingerprint(), r.upgradeOnly(), r.status().wireName(),
                r.pairingCode(), r.accountId(), r.expiresAt(), r.createdAt()) == 1;
    }

    public Optional<PairRequestRecord> find(String code) {
        return sql.one("SELECT " + COLUMNS + " FROM pair_requests WHERE code = ?", PairRequestRepository::map, code);
    }

    /**
     * Approves a pending, unexpired request for an account.
     *
     * @param pairingCode the code the world will exchange, or null for an upgrade-only request
     * @return false when the request is no longer pending (or has expired) at {@code now}
     */
    public boolean approve(String code, String accountId, String pairingCode, long now) {
        return sql.update("UPDATE pair_requests SET status = ?, account_id = ?, pairing_code = ?"
                        + " WHERE code = ? AND status = ? AND expires_at > ?",
                Status.APPROVED.wireName(), accountId, pairingCode, code, Status.PENDING.wireName(), now) == 1;
    }

    /** Denies a pending, unexpired request; false when it is no longer pending (or has expired). */
    public boolean deny(String code, long now) {
        return sql.update("UPDATE pair_requests SET status = ? WHERE code = ? AND status = ? AND expires_at > ?",
                Status.DENIED.wireName(), code, Status.PENDING.wireName(), now) == 1;
    }

    /** Marks an approved request as handed out; true for exactly one caller, who may reveal its pairing code. */
    public boolean markExchanged(String code) {
        return sql.update("UPDATE pair_requests SET status = ? WHERE code = ? AND status = ?",
                Status.EXCHANGED.wireName(), code, Status.APPROVED.wireName()) == 1;
    }

    /** Requests still waiting for a decision at {@code now}, oldest first. */
    public List<PairRequestRecord> listPending(long now) {
        return sql.list("SELECT " + COLUMNS + " FROM pair_requests WHERE status = ? AND expires_at > ? ORDER BY created_at",
                PairRequestRepository::map, Status.PENDING.wireName(), now);
    }

    /** Drops requests that expired before {@code before}; returns how many. */
    public int deleteExpired(long before) {
        return sql.update("DELETE FROM pair_requests WHERE expires_at < ?", before);
    }

    private static PairRequestRecord map(ResultSet rs) throws SQLException {
        return new PairRequestRecord(rs.getString("code"), rs.getString("world_id"), rs.getString("world_title"),
                rs.getString("system_id"), rs.getString("system_title"), rs.getString("system_version"),
                rs.getString("foundry_version"), rs.getString("client_id"), rs.getString("server_fingerprint"),
                rs.getInt("upgrade_only") != 0, Status.fromWire(rs.getString("status")), rs.getString("pairing_code"),
                rs.getString("account_id"), rs.getLong("expires_at"), rs.getLong("created_at"));
    }
}
