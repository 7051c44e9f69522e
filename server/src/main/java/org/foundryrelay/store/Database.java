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
    private final HikariDataSource pool;
    private final DatabaseConfig.Kind kind;

    private Database(HikariDataSource pool, DatabaseConfig.Kind kind) {
        this.pool = pool;
        this.kind = kind;
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
            var flyway = Flyway.configure().dataSource(pool).locations("classpath:db/migration");
            if (config.schema() != null) flyway.schemas(config.schema()).createSchemas(true);
            flyway.load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, config.kind());
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

    /**
     * Runs one trivial query: true when the store answers. A pooled connection that died while the store
     * was away fails once and is evicted; since every pooled connection may have died together, the query
     * is tried on up to one more connection than the pool holds before saying no. A pool that cannot
     * connect at all answers no at once.
     */
    public boolean isHealthy() {
        int attempts = pool.getMaximumPoolSize() + 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
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
                // a dead pooled connection; Hikari evicts it, so try a fresh one
            }
        }
        return false;
    }

    /** Small JDBC helper bound to this pool. */
    public Sql sql() {
        return new Sql(this);
    }

    @Override
    public void close() {
        pool.close();
    }
}
