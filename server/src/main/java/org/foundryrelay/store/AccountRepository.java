package org.foundryrelay.store;

import java.util.List;
import java.util.Optional;

/** Accounts: the tenants that own keys, worlds and sessions. */
public final class AccountRepository {
    private static final String COLUMNS = "id, name, created_at";
    private final Sql sql;

    public AccountRepository(Database db) {
        this.sql = db.sql();
    }

    /** Inserts the account; false when the name is taken. */
    public boolean insert(AccountRecord account) {
        return sql.update("INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                account.id(), account.name(), account.createdAt()) == 1;
    }

    public Optional<AccountRecord> findByName(String name) {
        return sql.one("SELECT " + COLUMNS + " FROM accounts WHERE name = ?", AccountRepository::map, name);
    }

    public Optional<AccountRecord> findById(String id) {
        return sql.one("SELECT " + COLUMNS + " FROM accounts WHERE id = ?", AccountRepository::map, id);
    }

    public List<AccountRecord> list() {
        return sql.list("SELECT " + COLUMNS + " FROM accounts ORDER BY name", AccountRepository::map);
    }

    private static AccountRecord map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new AccountRecord(rs.getString("id"), rs.getString("name"), rs.getLong("created_at"));
    }
}
