package org.foundryrelay.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Scoped API keys, looked up by the hash of the presented key. */
public final class ApiKeyRepository {
    private static final String SELECT = """
            SELECT k.id, k.account_id, a.name AS account_name, k.name, k.key_hash, k.key_prefix, k.scopes,
                   k.client_ids, k.foundry_user, k.foundry_users, k.monthly_limit, k.usage_month,
                   k.requests_this_month, k.expires_at, k.enabled, k.created_at, k.last_used_at
            FROM api_keys k JOIN accounts a ON a.id = k.account_id
            """;
    private final Sql sql;

    public ApiKeyRepository(Database db) {
        this.sql = db.sql();
    }

    public void insert(ApiKeyRecord k) {
        sql.update("""
                INSERT INTO api_keys (id, account_id, name, key_hash, key_prefix, scopes, client_ids, foundry_user,
                    foundry_users, monthly_limit, usage_month, requests_this_month, expires_at, enabled, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                k.id(), k.accountId(), k.name(), k.keyHash(), k.keyPrefix(), String.join(",", k.scopes()),
                k.clientIds().isEmpty() ? null : String.join(",", k.clientIds()), k.foundryUser(),
                k.foundryUsers().isEmpty() ? null : encodeMap(k.foundryUsers()), k.monthlyLimit(), k.usageMonth(),
                k.requestsThisMonth(), k.expiresAt(), k.enabled(), k.createdAt());
    }

    public Optional<ApiKeyRecord> findByHash(String keyHash) {
        // A disabled account's keys read as unknown, so disabling an account stops its integrations at once.
        return sql.one(SELECT + " WHERE k.key_hash = ? AND a.disabled = 0", ApiKeyRepository::map, keyHash);
    }

    public Optional<ApiKeyRecord> findById(String id) {
        return sql.one(SELECT + " WHERE k.id = ?", ApiKeyRepository::map, id);
    }

    public List<ApiKeyRecord> list() {
        return sql.list(SELECT + " ORDER BY a.name, k.created_at", ApiKeyRepository::map);
    }

    public List<ApiKeyRecord> listByAccount(String accountId) {
        return sql.list(SELECT + " WHERE k.account_id = ? ORDER BY k.created_at", ApiKeyRepository::map, accountId);
    }

    /** Deletes the key; false when there was none. */
    public boolean delete(String id) {
        return sql.update("DELETE FROM api_keys WHERE id = ?", id) == 1;
    }

    public boolean setEnabled(String id, boolean enabled) {
        return sql.update("UPDATE api_keys SET enabled = ? WHERE id = ?", enabled, id) == 1;
    }

    /** One key of one account; another account's key reads as absent. */
    public Optional<ApiKeyRecord> findForAccount(String accountId, String id) {
        return sql.one(SELECT + " WHERE k.id = ? AND k.account_id = ?", ApiKeyRepository::map, id, accountId);
    }

    /** Deletes one key of one account; false when the account has no such key. */
    public boolean deleteForAccount(String accountId, String id) {
        return sql.update("DELETE FROM api_keys WHERE id = ? AND account_id = ?", id, accountId) == 1;
    }

    /** Rewrites what a key allows (everything but its secret and usage). */
    public boolean update(ApiKeyRecord k) {
        return sql.update("""
                UPDATE api_keys SET name = ?, scopes = ?, client_ids = ?, foundry_user = ?, foundry_users = ?,
                    monthly_limit = ?, expires_at = ?, enabled = ?
                WHERE id = ? AND account_id = ?""", k.name(), String.join(",", k.scopes()),
                k.clientIds().isEmpty() ? null : String.join(",", k.clientIds()), k.foundryUser(),
                k.foundryUsers().isEmpty() ? null : encodeMap(k.foundryUsers()), k.monthlyLimit(), k.expiresAt(),
                k.enabled(), k.id(), k.accountId()) == 1;
    }

    /** Replaces a key's secret: the old value stops working at once. */
    public boolean replaceSecret(String accountId, String id, String keyHash, String keyPrefix) {
        return sql.update("UPDATE api_keys SET key_hash = ?, key_prefix = ? WHERE id = ? AND account_id = ?",
                keyHash, keyPrefix, id, accountId) == 1;
    }

    /** Adds {@code count} requests made in {@code month}, restarting the count when the month changed. */
    public void addUsage(String id, String month, long count, long lastUsedAt) {
        sql.update("""
                UPDATE api_keys SET
                    requests_this_month = CASE WHEN usage_month = ? THEN requests_this_month + ? ELSE ? END,
                    usage_month = ?, last_used_at = ?
                WHERE id = ?""", month, count, count, month, lastUsedAt, id);
    }

    private static ApiKeyRecord map(ResultSet rs) throws SQLException {
        return new ApiKeyRecord(
                rs.getString("id"), rs.getString("account_id"), rs.getString("account_name"), rs.getString("name"),
                rs.getString("key_hash"), rs.getString("key_prefix"), splitCsv(rs.getString("scopes")),
                splitCsv(rs.getString("client_ids")), rs.getString("foundry_user"),
                decodeMap(rs.getString("foundry_users")), Sql.nullableLong(rs, "monthly_limit"),
                rs.getString("usage_month"), rs.getLong("requests_this_month"), Sql.nullableLong(rs, "expires_at"),
                rs.getInt("enabled") != 0, rs.getLong("created_at"), Sql.nullableLong(rs, "last_used_at"));
    }

    static List<String> splitCsv(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(String::trim).toList();
    }

    // clientId=user pairs; both sides are validated by the caller to contain neither ',' nor '='.
    private static String encodeMap(Map<String, String> map) {
        var sb = new StringBuilder();
        map.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }

    private static Map<String, String> decodeMap(String s) {
        var map = new LinkedHashMap<String, String>();
        for (var pair : splitCsv(s)) {
            int eq = pair.indexOf('=');
            if (eq > 0) map.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return Map.copyOf(map);
    }
}
