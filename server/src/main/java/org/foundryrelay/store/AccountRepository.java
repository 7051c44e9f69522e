package org.foundryrelay.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Accounts: the tenants that own keys, worlds and sessions. */
public final class AccountRepository {
    private static final String COLUMNS = "id, name, email, password_hash, role, disabled, created_at";
    private final Sql sql;

    public AccountRepository(Database db) {
        this.sql = db.sql();
    }

    /** Inserts the account; false when the name or email is taken. */
    public boolean insert(AccountRecord a) {
        try {
            return sql.update("INSERT INTO accounts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    a.id(), a.name(), a.email(), a.passwordHash(), a.role(), a.disabled(), a.createdAt()) == 1;
        } catch (StoreException e) {
            return false;
        }
    }

    public Optional<AccountRecord> findByName(String name) {
        return sql.one("SELECT " + COLUMNS + " FROM accounts WHERE name = ?", AccountRepository::map, name);
    }

    public Optional<AccountRecord> findById(String id) {
        return sql.one("SELECT " + COLUMNS + " FROM accounts WHERE id = ?", AccountRepository::map, id);
    }

    /** The account whose email, or else whose name, is {@code login} (emails are stored lower-case). */
    public Optional<AccountRecord> findByLogin(String login) {
        var byEmail = sql.one("SELECT " + COLUMNS + " FROM accounts WHERE email = ?", AccountRepository::map,
                login.toLowerCase(java.util.Locale.ROOT));
        return byEmail.isPresent() ? byEmail : findByName(login);
    }

    public List<AccountRecord> list() {
        return sql.list("SELECT " + COLUMNS + " FROM accounts ORDER BY name", AccountRepository::map);
    }

    public long count() {
        return sql.one("SELECT COUNT(*) AS n FROM accounts", rs -> rs.getLong("n")).orElse(0L);
    }

    public boolean setPassword(String id, String passwordHash) {
        return sql.update("UPDATE accounts SET password_hash = ? WHERE id = ?", passwordHash, id) == 1;
    }

    public boolean setEmail(String id, String email) {
        return sql.update("UPDATE accounts SET email = ? WHERE id = ?", email, id) == 1;
    }

    public boolean setRole(String id, String role) {
        return sql.update("UPDATE accounts SET role = ? WHERE id = ?", role, id) == 1;
    }

    public boolean setDisabled(String id, boolean disabled) {
        return sql.update("UPDATE accounts SET disabled = ? WHERE id = ?", disabled, id) == 1;
    }

    /** Deletes the account; its keys, tokens, worlds and sessions go with it. */
    public boolean delete(String id) {
        return sql.update("DELETE FROM accounts WHERE id = ?", id) == 1;
    }

    private static AccountRecord map(ResultSet rs) throws SQLException {
        return new AccountRecord(rs.getString("id"), rs.getString("name"), rs.getString("email"),
                rs.getString("password_hash"), rs.getString("role"), rs.getInt("disabled") != 0, rs.getLong("created_at"));
    }
}
