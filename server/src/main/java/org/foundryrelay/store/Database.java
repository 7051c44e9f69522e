package org.foundryrelay.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.foundryrelay.config.Config.DatabaseConfig;

/**
 * The relay's connection pool, migrated on open. SQLite runs in WAL mode so readers never wait on the
 * writer; PostgreSQL gets the same migration scripts, written in the SQL both understand.
 */
public final class Database implements AutoCloseable {
    /** The newest migration in {@code db/migration}; a test keeps the two in step. */
    static final int LATEST_MIGRATION = 5;

    private final HikariDataSource pool;
    private final DatabaseConfig.Kind kind;
    private final StoreVersion version;

    private Database(HikariDataSource pool, DatabaseConfig.Kind kind, StoreVersion version) {
        this.pool = pool;
        this.kind = kind;
        this.version = version;
    }

    /** Opens the pool and brings the schema up to date. */
    public static Database open(DatabaseConfig config) {
        var hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setPoolName("store");
        hikari.setConnectionTimeout(5_000);
        if (config.kind() == DatabaseConfig.Kind.SQLITE) {
            createParentDirectory(config.jdbcUrl().substring("jdbc:sqlite:".length()));
            hikari.setMaximumPoolSize(4);
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("busy_timeout", "5000");
            hikari.addDataSourceProperty("foreign_keys", "true");
        } else {
            hikari.setMaximumPoolSize(16);
            if (config.user() != null) hikari.setUsername(config.user());
            if (config.password() != null) hikari.setPassword(config.password());
            if (config.schema() != null) hikari.setSchema(config.schema());
        }
        var pool = new HikariDataSource(hikari);
        try {
            if (upToDate(pool)) return new Database(pool, config.kind(), versionFor(config));
            var flyway = Flyway.configure().dataSource(pool).locations("classpath:db/migration");
            if (config.schema() != null) flyway.schemas(config.schema()).createSchemas(true);
            flyway.load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, config.kind(), versionFor(config));
    }

    private static StoreVersion versionFor(DatabaseConfig config) {
        return config.kind() == DatabaseConfig.Kind.SQLITE ? new StoreVersion(config.jdbcUrl()) : null;
    }

    /**
     * Whether the store's migration history ends exactly at {@link #LATEST_MIGRATION}, with no failed
     * step: then there is nothing for Flyway to do, and loading it (about half a second of start-up)
     * is skipped. Anything else (a new store, an older one, a newer one, a failed step) goes through
     * Flyway as before, which migrates or refuses.
     */
    static boolean upToDate(javax.sql.DataSource pool) {
        try (var c = pool.getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
            int latest = 0;
            while (rs.next()) {
                if (!rs.getBoolean(2)) return false;
                latest = Math.max(latest, Integer.parseInt(rs.getString(1).trim()));
            }
            return latest == LATEST_MIGRATION;
        } catch (SQLException | RuntimeException e) {
            return false; // no history yet, or one this build does not understand
        }
    }

    private static void createParentDirectory(String file) {
        var parent = Path.of(file).toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + parent + ": " + e.getMessage(), e);
        }
    }

    public DatabaseConfig.Kind kind() {
        return kind;
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** Whether this store's schema is at this build's latest migration. */
    boolean upToDate() {
        return upToDate(pool);
    }

    /**
     * Runs one trivial query: true when the store answers. When a pooled connection turns out dead (the
     * store restarted), every idle connection is evicted, since they died together, and the query is
     * tried once more on a fresh one.
     */
    public boolean isHealthy() {
        for (int attempt = 0; attempt < 2; attempt++) {
            Connection c;
            try {
                c = pool.getConnection();
            } catch (SQLException | RuntimeException e) {
                return false;
            }
            try (c; var s = c.createStatement()) {
                s.execute("SELECT 1");
                return true;
            } catch (SQLException | RuntimeException e) {
                pool.getHikariPoolMXBean().softEvictConnections();
            }
        }
        return false;
    }

    /**
     * The store's change counter, when the store has a cheap one (SQLite); null otherwise, and callers
     * then read through on every use.
     */
    public StoreVersion version() {
        return version;
    }

    /** Small JDBC helper bound to this pool. */
    public Sql sql() {
        return new Sql(this);
    }

    @Override
    public void close() {
        if (version != null) version.close();
        pool.close();
    }
}
