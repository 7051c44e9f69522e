package org.foundryrelay.testing;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.foundryrelay.config.Config.DatabaseConfig;

/** Real databases for tests: a SQLite file in a temporary folder, or a fresh schema on the local PostgreSQL. */
public final class TestDatabases {
    /** The PostgreSQL every machine of this kind runs (trust auth, database {@code test}). */
    public static final String PG_URL = System.getenv().getOrDefault("TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getenv().getOrDefault("TEST_PG_USER", "postgres");

    private TestDatabases() {}

    public static DatabaseConfig sqlite(Path dir) {
        return new DatabaseConfig(DatabaseConfig.Kind.SQLITE, "jdbc:sqlite:" + dir.resolve("relay.db"), null, null, null);
    }

    /** A new, empty schema; drop it with {@link #drop}. */
    public static DatabaseConfig postgres() {
        var schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        return new DatabaseConfig(DatabaseConfig.Kind.POSTGRES, PG_URL, PG_USER, null, schema);
    }

    public static void drop(DatabaseConfig config) {
        if (config.kind() != DatabaseConfig.Kind.POSTGRES) return;
        try (var c = DriverManager.getConnection(PG_URL, PG_USER, null); var s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + config.schema() + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + config.schema(), e);
        }
    }
}
