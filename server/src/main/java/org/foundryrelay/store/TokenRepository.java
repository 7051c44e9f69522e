package org.foundryrelay.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connection tokens: the credentials Foundry worlds present on the {@code /relay} socket. When a token was
 * last used is recorded later ({@link #touchLater}) and written in batches by {@link #flushPending}; reads
 * that show it to people flush first.
 */
public final class TokenRepository {
    private static final String COLUMNS =
            "id, account_id, token_hash, name, client_id, source, allowed_ips, created_at, last_used_at, revoked_at";
    private final Sql sql;
    // Token id to its latest use not yet written; at most one entry per token, so it needs no bound.
    private final ConcurrentHashMap<String, Long> touched = new ConcurrentHashMap<>();
    private final Object flushing = new Object();

    public TokenRepository(Database db) {
        this.sql = db.sql();
    }

    private static final String INSERT = "INSERT INTO connection_tokens (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    public void insert(TokenRecord t) {
        sql.update(INSERT, values(t));
    }

    /** Inserts many tokens in one transaction (one commit instead of one per token). */
    public void insertAll(List<TokenRecord> records) {
        sql.transaction(tx -> {
            for (var t : records) tx.add(INSERT, values(t));
            return records.size();
        });
    }

    private static Object[] values(TokenRecord t) {
        return new Object[] {t.id(), t.accountId(), t.tokenHash(), t.name(), t.clientId(), t.source(),
                t.allowedIps().isEmpty() ? null : String.join(",", t.allowedIps()), t.createdAt(), t.lastUsedAt(),
                t.revokedAt()};
    }

    /** A token that has not been revoked, by the hash of its value. */
    public Optional<TokenRecord> findActiveByHash(String hash) {
        return sql.one("SELECT " + COLUMNS + " FROM connection_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                TokenRepository::map, hash);
    }

    public Optional<TokenRecord> findById(String id) {
        flushPending();
        return sql.one("SELECT " + COLUMNS + " FROM connection_tokens WHERE id = ?", TokenRepository::map, id);
    }

    /** Binds an unbound token to the first client id that uses it; true when it is (now) bound to {@code clientId}. */
    public boolean bindClient(String id, String clientId) {
        sql.update("UPDATE connection_tokens SET client_id = ? WHERE id = ? AND client_id IS NULL", clientId, id);
        return findById(id).map(t -> clientId.equals(t.clientId())).orElse(false);
    }

    /** Records the token's latest use with the next batch. */
    public void touchLater(String id, long lastUsedAt) {
        touched.merge(id, lastUsedAt, Math::max);
    }

    /** Writes the queued last-used times in one transaction; a no-op when nothing is queued. */
    public void flushPending() {
        if (touched.isEmpty()) return;
        synchronized (flushing) {
            var batch = List.copyOf(touched.entrySet());
            if (batch.isEmpty()) return;
            sql.transaction(tx -> {
                for (var e : batch) {
                    tx.add("UPDATE connection_tokens SET last_used_at = ? WHERE id = ?", e.getValue(), e.getKey());
                }
                return batch.size();
            });
            // A use recorded meanwhile stays queued for the next batch.
            batch.forEach(e -> touched.remove(e.getKey(), e.getValue()));
        }
    }

    /** Revokes the token; false when it does not exist or was already revoked. */
    public boolean revoke(String id, long at) {
        return sql.update("UPDATE connection_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, id) == 1;
    }

    public void setAllowedIps(String id, List<String> ips) {
        sql.update("UPDATE connection_tokens SET allowed_ips = ? WHERE id = ?", ips.isEmpty() ? null : String.join(",", ips), id);
    }

    public boolean rename(String id, String name) {
        return sql.update("UPDATE connection_tokens SET name = ? WHERE id = ?", name, id) == 1;
    }

    /** Live (unrevoked) tokens of an account, or of every account when {@code accountId} is null. */
    public List<TokenRecord> listActive(String accountId) {
        flushPending();
        if (accountId == null) {
            return sql.list("SELECT " + COLUMNS + " FROM connection_tokens WHERE revoked_at IS NULL ORDER BY created_at",
                    TokenRepository::map);
        }
        return sql.list("SELECT " + COLUMNS + " FROM connection_tokens WHERE revoked_at IS NULL AND account_id = ?"
                + " ORDER BY created_at", TokenRepository::map, accountId);
    }

    /** Ids of tokens revoked at or after {@code since}, so relays can close the sockets using them. */
    public List<String> revokedSince(long since) {
        return sql.list("SELECT id FROM connection_tokens WHERE revoked_at >= ?", rs -> rs.getString("id"), since);
    }

    private static TokenRecord map(ResultSet rs) throws SQLException {
        return new TokenRecord(rs.getString("id"), rs.getString("account_id"), rs.getString("token_hash"),
                rs.getString("name"), rs.getString("client_id"), rs.getString("source"),
                ApiKeyRepository.splitCsv(rs.getString("allowed_ips")), rs.getLong("created_at"),
                Sql.nullableLong(rs, "last_used_at"), Sql.nullableLong(rs, "revoked_at"));
    }
}
