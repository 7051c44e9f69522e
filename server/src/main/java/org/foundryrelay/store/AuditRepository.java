package org.foundryrelay.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The activity log: written in batches, read per account with filters. */
public final class AuditRepository {
    private static final String COLUMNS = "id, at, account_id, actor, key_id, key_name, client_id, action, status, ms, detail";
    private final Sql sql;

    public AuditRepository(Database db) {
        this.sql = db.sql();
    }

    /** Writes many entries in one transaction. */
    public void insertAll(List<AuditRecord> entries) {
        if (entries.isEmpty()) return;
        sql.transaction(tx -> {
            for (var e : entries) {
                tx.add("INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e.id(), e.at(),
                        e.accountId(), e.actor(), e.keyId(), e.keyName(), e.clientId(), e.action(), e.status(), e.ms(),
                        e.detail());
            }
            return entries.size();
        });
    }

    /** What to read: one account's entries, optionally narrowed; null fields do not filter. */
    public record Query(String accountId, String keyId, String clientId, Long since, Long until, int limit) {}

    /** Matching entries, newest first. */
    public List<AuditRecord> find(Query q) {
        var where = new StringBuilder(" WHERE account_id = ?");
        var params = new ArrayList<Object>();
        params.add(q.accountId());
        if (q.keyId() != null) {
            where.append(" AND key_id = ?");
            params.add(q.keyId());
        }
        if (q.clientId() != null) {
            where.append(" AND client_id = ?");
            params.add(q.clientId());
        }
        if (q.since() != null) {
            where.append(" AND at >= ?");
            params.add(q.since());
        }
        if (q.until() != null) {
            where.append(" AND at <= ?");
            params.add(q.until());
        }
        params.add(q.limit());
        return sql.list("SELECT " + COLUMNS + " FROM audit_log" + where + " ORDER BY at DESC, id DESC LIMIT ?",
                AuditRepository::map, params.toArray());
    }

    public int deleteOlderThan(long before) {
        return sql.update("DELETE FROM audit_log WHERE at < ?", before);
    }

    public int deleteAccount(String accountId) {
        return sql.update("DELETE FROM audit_log WHERE account_id = ?", accountId);
    }

    private static AuditRecord map(ResultSet rs) throws SQLException {
        long ms = rs.getLong("ms");
        Long msOrNull = rs.wasNull() ? null : ms;
        int status = rs.getInt("status");
        Integer statusOrNull = rs.wasNull() ? null : status;
        return new AuditRecord(rs.getString("id"), rs.getLong("at"), rs.getString("account_id"), rs.getString("actor"),
                rs.getString("key_id"), rs.getString("key_name"), rs.getString("client_id"), rs.getString("action"),
                statusOrNull, msOrNull, rs.getString("detail"));
    }
}
