package org.foundryrelay.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The remote-request grants on connection tokens, and the log of world-to-world calls. */
public final class RemoteAccessRepository {
    private static final String LOG_COLUMNS =
            "id, account_id, source_client_id, target_client_id, action, token_id, outcome, error, duration_ms, created_at";
    private final Sql sql;

    public RemoteAccessRepository(Database db) {
        this.sql = db.sql();
    }

    /** The grant of a live token; empty when there is no such token. */
    public Optional<RemoteGrant> grant(String tokenId) {
        return sql.one("SELECT allowed_targets, remote_scopes, remote_requests_per_hour FROM connection_tokens"
                + " WHERE id = ? AND revoked_at IS NULL", rs -> new RemoteGrant(
                        ApiKeyRepository.splitCsv(rs.getString("allowed_targets")),
                        ApiKeyRepository.splitCsv(rs.getString("remote_scopes")),
                        rs.getInt("remote_requests_per_hour")), tokenId);
    }

    /** Replaces a token's grant; false when there is no live token with that id. */
    public boolean setGrant(String tokenId, RemoteGrant grant) {
        return sql.update("UPDATE connection_tokens SET allowed_targets = ?, remote_scopes = ?, remote_requests_per_hour = ?"
                        + " WHERE id = ? AND revoked_at IS NULL", csv(grant.targets()), csv(grant.scopes()), grant.perHour(),
                tokenId) == 1;
    }

    public void log(RemoteRequestRecord r) {
        sql.update("INSERT INTO remote_requests (" + LOG_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.id(),
                r.accountId(), r.sourceClientId(), r.targetClientId(), r.action(), r.tokenId(), r.outcome(), r.error(),
                r.durationMs(), r.createdAt());
    }

    /** Records how a logged call ended. */
    public void finish(String id, String outcome, String error, long durationMs) {
        sql.update("UPDATE remote_requests SET outcome = ?, error = ?, duration_ms = ? WHERE id = ?", outcome, error,
                durationMs, id);
    }

    /** Calls a world made since {@code since} that were not refused: what its hourly cap counts. */
    public int countSince(String accountId, String sourceClientId, long since) {
        return sql.one("SELECT COUNT(*) AS n FROM remote_requests WHERE account_id = ? AND source_client_id = ?"
                + " AND created_at >= ? AND outcome <> 'refused'", rs -> rs.getInt("n"), accountId, sourceClientId, since)
                .orElse(0);
    }

    /** The newest calls of an account (of every account when null), newest first. */
    public List<RemoteRequestRecord> recent(String accountId, int limit) {
        if (accountId == null) {
            return sql.list("SELECT " + LOG_COLUMNS + " FROM remote_requests ORDER BY created_at DESC LIMIT ?",
                    RemoteAccessRepository::map, limit);
        }
        return sql.list("SELECT " + LOG_COLUMNS + " FROM remote_requests WHERE account_id = ? ORDER BY created_at DESC LIMIT ?",
                RemoteAccessRepository::map, accountId, limit);
    }

    private static RemoteRequestRecord map(ResultSet rs) throws SQLException {
        return new RemoteRequestRecord(rs.getString("id"), rs.getString("account_id"), rs.getString("source_client_id"),
                rs.getString("target_client_id"), rs.getString("action"), rs.getString("token_id"),
                rs.getString("outcome"), rs.getString("error"), Sql.nullableLong(rs, "duration_ms"),
                rs.getLong("created_at"));
    }

    private static String csv(List<String> values) {
        return values.isEmpty() ? null : String.join(",", values);
    }
}
