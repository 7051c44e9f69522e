package org.foundryrelay.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.foundryrelay.store.PairRequestRecord.Status;

/**
 * Device-flow pair requests. The request code is stored only as its SHA-256; a request is found by its code
 * or by its non-secret id. Every status change is a conditional update on the expected current status, so
 * concurrent decisions (two operators, two pollers) resolve to exactly one winner.
 */
public final class PairRequestRepository {
    private static final String COLUMNS = """
            code, id, world_id, world_title, system_id, system_title, system_version, foundry_version, client_id,
            server_fingerprint, upgrade_only, status, account_id, expires_at, created_at""";
    private final Sql sql;

    public PairRequestRepository(Database db) {
        this.sql = db.sql();
    }

    /** Stores a new request; false when the code already exists (the caller draws another). */
    public boolean insert(PairRequestRecord r) {
        return sql.update("INSERT INTO pair_requests (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (code) DO NOTHING",
                Hashes.sha256(r.code()), r.id(), r.worldId(), r.worldTitle(), r.systemId(), r.systemTitle(), r.systemVersion(),
                r.foundryVersion(), r.clientId(), r.serverFingerprint(), r.upgradeOnly(), r.status().wireName(),
                r.accountId(), r.expiresAt(), r.createdAt()) == 1;
    }

    /** The request with this code, carrying the code. */
    public Optional<PairRequestRecord> find(String code) {
        return sql.one("SELECT " + COLUMNS + " FROM pair_requests WHERE code = ?", rs -> map(rs, code), Hashes.sha256(code));
    }

    /** The request with this id (its code unknown). */
    public Optional<PairRequestRecord> findById(String id) {
        return sql.one("SELECT " + COLUMNS + " FROM pair_requests WHERE id = ?", rs -> map(rs, null), id);
    }

    /**
     * Approves a pending, unexpired request for an account.
     *
     * @return false when the request is no longer pending (or has expired) at {@code now}
     */
    public boolean approve(String id, String accountId, long now) {
        return sql.update("UPDATE pair_requests SET status = ?, account_id = ? WHERE id = ? AND status = ? AND expires_at > ?",
                Status.APPROVED.wireName(), accountId, id, Status.PENDING.wireName(), now) == 1;
    }

    /** Denies a pending, unexpired request; false when it is no longer pending (or has expired). */
    public boolean deny(String id, long now) {
        return sql.update("UPDATE pair_requests SET status = ? WHERE id = ? AND status = ? AND expires_at > ?",
                Status.DENIED.wireName(), id, Status.PENDING.wireName(), now) == 1;
    }

    /** Marks an approved request as handed out; true for exactly one caller, who may mint its pairing code. */
    public boolean markExchanged(String id) {
        return sql.update("UPDATE pair_requests SET status = ? WHERE id = ? AND status = ?",
                Status.EXCHANGED.wireName(), id, Status.APPROVED.wireName()) == 1;
    }

    /** Requests still waiting for a decision at {@code now}, oldest first. */
    public List<PairRequestRecord> listPending(long now) {
        return sql.list("SELECT " + COLUMNS + " FROM pair_requests WHERE status = ? AND expires_at > ? ORDER BY created_at",
                rs -> map(rs, null), Status.PENDING.wireName(), now);
    }

    /** Drops requests that expired before {@code before}; returns how many. */
    public int deleteExpired(long before) {
        return sql.update("DELETE FROM pair_requests WHERE expires_at < ?", before);
    }

    private static PairRequestRecord map(ResultSet rs, String code) throws SQLException {
        return new PairRequestRecord(code, rs.getString("id"), rs.getString("world_id"), rs.getString("world_title"),
                rs.getString("system_id"), rs.getString("system_title"), rs.getString("system_version"),
                rs.getString("foundry_version"), rs.getString("client_id"), rs.getString("server_fingerprint"),
                rs.getInt("upgrade_only") != 0, Status.fromWire(rs.getString("status")),
                rs.getString("account_id"), rs.getLong("expires_at"), rs.getLong("created_at"));
    }
}
