package org.foundryrelay.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worlds each account has paired or seen connect. When a world was last seen, and a returning world's
 * metadata, can be recorded later ({@link #touchLater}, {@link #upsertLater}): those writes queue up and are
 * written in order, in one transaction, by {@link #flushPending} (a timer, and shutdown). Every other read or
 * write of this repository flushes them first, so this process always sees its own changes.
 */
public final class WorldRepository {
    private static final Logger LOG = LoggerFactory.getLogger(WorldRepository.class);
    private static final int PENDING_CAPACITY = 20_000;
    private static final String COLUMNS = """
            account_id, client_id, world_id, world_title, foundry_version, system_id, system_title, system_version,
            custom_name, public_url, server_fingerprint, first_seen_at, last_seen_at""";
    private static final String UPSERT = "INSERT INTO worlds (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
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
            + " last_seen_at = excluded.last_seen_at";
    private static final String TOUCH = "UPDATE worlds SET last_seen_at = ? WHERE account_id = ? AND client_id = ?";

    private final Sql sql;
    private final ArrayBlockingQueue<Pending> pending = new ArrayBlockingQueue<>(PENDING_CAPACITY);
    private final Object flushing = new Object();

    /** A write queued for the next batch. */
    private sealed interface Pending {
        String clientId();
    }

    /** A last-seen time queued by {@link #touchLater}. */
    private record Seen(String accountId, String clientId, long at) implements Pending {}

    /** A world's record queued by {@link #upsertLater}. */
    private record Upsert(WorldRecord world) implements Pending {
        @Override
        public String clientId() {
            return world.clientId();
        }
    }

    public WorldRepository(Database db) {
        this.sql = db.sql();
    }

    /**
     * Records the world, keeping what is already known where the new record has null (a connect reports
     * metadata, a pairing reports the fingerprint and origin).
     */
    public void upsert(WorldRecord w) {
        flushPending();
        sql.update(UPSERT, upsertValues(w));
    }

    /** Like {@link #upsert}, written with the next batch: for a world the store already holds, coming back. */
    public void upsertLater(WorldRecord w) {
        queue(new Upsert(w));
    }

    /** Sets when the world was last seen, written with the next batch; a world no longer stored stays gone. */
    public void touchLater(String accountId, String clientId, long lastSeenAt) {
        queue(new Seen(accountId, clientId, lastSeenAt));
    }

    // A full queue means the store is far behind: this caller writes the backlog rather than lose a change.
    private void queue(Pending write) {
        while (!pending.offer(write)) flushPending();
    }

    /**
     * Writes the queued last-seen times in order, in one transaction; a no-op when nothing is queued. If
     * that transaction fails, each is tried on its own; what still fails is logged and dropped, as a
     * direct write's failure was.
     */
    public void flushPending() {
        if (pending.isEmpty()) return;
        synchronized (flushing) {
            var batch = new ArrayList<Pending>(pending.size());
            pending.drainTo(batch);
            if (batch.isEmpty()) return;
            try {
                sql.transaction(tx -> {
                    for (var t : batch) {
                        switch (t) {
                            case Seen seen -> tx.add(TOUCH, seen.at(), seen.accountId(), seen.clientId());
                            case Upsert u -> tx.add(UPSERT, upsertValues(u.world()));
                        }
                    }
                    return batch.size();
                });
            } catch (StoreException e) {
                for (var t : batch) {
                    try {
                        switch (t) {
                            case Seen seen -> sql.update(TOUCH, seen.at(), seen.accountId(), seen.clientId());
                            case Upsert u -> sql.update(UPSERT, upsertValues(u.world()));
                        }
                    } catch (StoreException one) {
                        LOG.warn("could not record world {}: {}", t.clientId(), one.getMessage());
                    }
                }
            }
        }
    }

    private static Object[] upsertValues(WorldRecord w) {
        return new Object[] {w.accountId(), w.clientId(), w.worldId(), w.worldTitle(), w.foundryVersion(), w.systemId(),
                w.systemTitle(), w.systemVersion(), w.customName(), w.publicUrl(), w.serverFingerprint(),
                w.firstSeenAt(), w.lastSeenAt()};
    }

    public Optional<WorldRecord> find(String accountId, String clientId) {
        flushPending();
        return sql.one("SELECT " + COLUMNS + " FROM worlds WHERE account_id = ? AND client_id = ?",
                WorldRepository::map, accountId, clientId);
    }

    public List<WorldRecord> listByAccount(String accountId) {
        flushPending();
        return sql.list("SELECT " + COLUMNS + " FROM worlds WHERE account_id = ? ORDER BY first_seen_at, client_id",
                WorldRepository::map, accountId);
    }

    /** Forgets one of the account's worlds; false when it had none with this id. */
    public boolean delete(String accountId, String clientId) {
        flushPending();
        return sql.update("DELETE FROM worlds WHERE account_id = ? AND client_id = ?", accountId, clientId) == 1;
    }

    /** Sets the name the account's people know the world by. */
    public boolean rename(String accountId, String clientId, String name) {
        flushPending();
        return sql.update("UPDATE worlds SET custom_name = ? WHERE account_id = ? AND client_id = ?", name, accountId,
                clientId) == 1;
    }

    /** Whether any account knows a world with this client id (for the module's "is my world known" probe). */
    public boolean existsAnywhere(String clientId) {
        flushPending();
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
