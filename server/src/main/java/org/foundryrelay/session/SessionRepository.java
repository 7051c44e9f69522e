package org.foundryrelay.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.foundryrelay.store.Database;
import org.foundryrelay.store.Sql;

/** The {@code headless_sessions} table: one row per session, kept after it ends. */
final class SessionRepository {
    private static final String COLUMNS = "id, account_id, instance_id, token_id, client_id, foundry_url, username,"
            + " world_name, world_id, world_title, console_log, status, end_reason, started_at, last_activity, ended_at";

    private final Sql sql;

    SessionRepository(Database db) {
        this.sql = db.sql();
    }

    void insert(SessionRecord r) {
        sql.update("INSERT INTO headless_sessions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(), r.accountId(), r.instanceId(), r.tokenId(), r.clientId(), r.foundryUrl(), r.username(),
                r.worldName(), r.worldId(), r.worldTitle(), r.consoleLog(), r.status(), r.endReason(), r.startedAt(),
                r.lastActivity(), r.endedAt());
    }

    void markRunning(String id, String clientId, String worldId, String worldTitle, long at) {
        sql.update("UPDATE headless_sessions SET status = 'running', client_id = ?, world_id = ?, world_title = ?,"
                + " last_activity = ? WHERE id = ? AND status <> 'ended'", clientId, worldId, worldTitle, at, id);
    }

    void markEnded(String id, String reason, long lastActivity, long at) {
        sql.update("UPDATE headless_sessions SET status = 'ended', end_reason = ?, last_activity = ?, ended_at = ?"
                + " WHERE id = ? AND status <> 'ended'", reason, lastActivity, at, id);
    }

    /** Sessions of this relay instance the store still thinks open. */
    List<SessionRecord> open(String instanceId) {
        return sql.list("SELECT " + COLUMNS + " FROM headless_sessions WHERE instance_id = ? AND status <> 'ended'",
                SessionRepository::map, instanceId);
    }

    /** One session, or null. */
    SessionRecord find(String id) {
        return sql.one("SELECT " + COLUMNS + " FROM headless_sessions WHERE id = ?", SessionRepository::map, id).orElse(null);
    }

    /** The session minted this connection token that has not ended, or null. */
    SessionRecord openByToken(String tokenId) {
        return sql.one("SELECT " + COLUMNS + " FROM headless_sessions WHERE token_id = ? AND status <> 'ended'",
                SessionRepository::map, tokenId).orElse(null);
    }

    /** The relays holding sessions that have not ended: of one account, or of every account when it is null. */
    List<String> openInstances(String accountId) {
        return accountId == null
                ? sql.list("SELECT DISTINCT instance_id FROM headless_sessions WHERE status <> 'ended'", rs -> rs.getString(1))
                : sql.list("SELECT DISTINCT instance_id FROM headless_sessions WHERE account_id = ? AND status <> 'ended'",
                        rs -> rs.getString(1), accountId);
    }

    /** The account's sessions that ended at or after {@code since}, newest first. */
    List<SessionRecord> endedSince(String accountId, long since, int limit) {
        return sql.list("SELECT " + COLUMNS + " FROM headless_sessions WHERE account_id = ? AND status = 'ended'"
                + " AND ended_at >= ? ORDER BY ended_at DESC LIMIT " + limit, SessionRepository::map, accountId, since);
    }

    /** Forgets sessions that ended before {@code before}. */
    int prune(long before) {
        return sql.update("DELETE FROM headless_sessions WHERE status = 'ended' AND ended_at < ?", before);
    }

    private static SessionRecord map(ResultSet rs) throws SQLException {
        return new SessionRecord(rs.getString("id"), rs.getString("account_id"), rs.getString("instance_id"),
                rs.getString("token_id"), rs.getString("client_id"), rs.getString("foundry_url"), rs.getString("username"),
                rs.getString("world_name"), rs.getString("world_id"), rs.getString("world_title"),
                rs.getString("console_log"), rs.getString("status"), rs.getString("end_reason"), rs.getLong("started_at"),
                rs.getLong("last_activity"), Sql.nullableLong(rs, "ended_at"));
    }
}
