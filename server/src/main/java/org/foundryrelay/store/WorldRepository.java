package org.foundryrelay.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Worlds each account has paired or seen connect. */
public final class WorldRepository {
    private static final String COLUMNS = """
            account_id, client_id, world_id, world_title, foundry_version, system_id, system_title, system_version,
            custom_name, public_url, server_fingerprint, first_seen_at, last_seen_at""";
    private final Sql sql;

    public WorldRepository(Database db) {
        this.sql = db.sql();
    }

    /**
     * Records the world, keeping what is already known where the new record has null (a connect reports
     * metadata, a pairing reports the fingerprint and origin).
     */
    public void upsert(WorldRecord w) {
        sql.update("INSERT INTO worlds (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (account_id, client_id) DO UPDATE SET"
                        + " world_id = COALESCE(excluded.world_id, worlds.world_id),"
                        + " world_title = COALESCE(excluded.world_title, worlds.world_title),"
                        + " foundry_version = COALESCE(excluded.foundry_version, worlds.foundry_version),"
                        + " system_id = COALESCE(excluded.system_id, worlds.system_id),"
                        + " system_title = COALESCE(excluded.system_title, worlds.system_title),"
                        + " system_version = COALESCE(excluded.system_version, worlds.system_version),"
                        + " custom_name = COALESCE(excluded.custom_name, worlds.custom_name),"
                        + " public_url = COALESCE(excluded.public_url, worlds.public_url),"
                        + " server_fingerprint = COALESCE(excluded.server_fingerprint, worlds.server_fingerprint),"
                        + " last_seen_at = excluded.last_seen_at",
                w.accountId(), w.clientId(), w.worldId(), w.worldTitle(), w.foundryVersion(), w.systemId(),
                w.systemTitle(), w.systemVersion(), w.customName(), w.publicUrl(), w.serverFingerprint(),
                w.firstSeenAt(), w.lastSeenAt());
    }

    public void touch(String accountId, String clientId, long lastSeenAt) {
        sql.update("UPDATE worlds SET last_seen_at = ? WHERE account_id = ? AND client_id = ?",
                lastSeenAt, accountId, clientId);
    }

    public Optional<WorldRecord> find(String accountId, String clientId) {
        return sql.one("SELECT " + COLUMNS + " FROM worlds WHERE account_id = ? AND client_id = ?",
                WorldRepository::map, accountId, clientId);
    }

    public List<WorldRecord> listByAccount(String accountId) {
        return sql.list("SELECT " + COLUMNS + " FROM worlds WHERE account_id = ? ORDER BY first_seen_at, client_id",
                WorldRepository::map, accountId);
    }

    /** Forgets one of the account's worlds; false when it had none with this id. */
    public boolean delete(String accountId, String clientId) {
        return sql.update("DELETE FROM worlds WHERE account_id = ? AND client_id = ?", accountId, clientId) == 1;
    }

    /** Sets the name the account's people know the world by. */
    public boolean rename(String accountId, String clientId, String name) {
        return sql.update("UPDATE worlds SET custom_name = ? WHERE account_id = ? AND client_id = ?", name, accountId,
                clientId) == 1;
    }

    /** Whether any account knows a world with this client id (for the module's "is my world known" probe). */
    public boolean existsAnywhere(String clientId) {
        return sql.one("SELECT 1 FROM worlds WHERE client_id = ?", rs -> 1, clientId).isPresent();
    }

    private static WorldRecord map(ResultSet rs) throws SQLException {
        return new WorldRecord(rs.getString("account_id"), rs.getString("client_id"), rs.getString("world_id"),
                rs.getString("world_title"), rs.getString("foundry_version"), rs.getString("system_id"),
                rs.getString("system_title"), rs.getString("system_version"), rs.getString("custom_name"),
                rs.getString("public_url"), rs.getString("server_fingerprint"), rs.getLong("first_seen_at"),
                rs.getLong("last_seen_at"));
    }
}
