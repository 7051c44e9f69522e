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
    static final int LATEST_MIGRATION = 10;

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
            // Grow on demand rather than hold 16 idle connections per relay and per admin command: N relays and
            // the CLI share one server's max_connections (100 by default).
            hikari.setMinimumIdle(2);
            if (config.user() != null) hikari.setUsername(config.user());
            if (config.password() != null) hikari.setPassword(config.password());
            if (config.schema() != null) hikari.setSchema(config.schema());
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the store: " + describe(config) + ": " + rootMessage(e), e);
        }
        try {
            if (upToDate(pool)) return new Database(pool, config.kind(), versionFor(config));
            var flyway = Flyway.configure().dataSource(pool).locations("classpath:db/migration");
            if (config.schema() != null) flyway.schemas(config.schema()).createSchemas(true);
            flyway.load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            if (e instanceof StoreException) throw e;
            throw new StoreException("cannot prepare the store: " + describe(config) + ": " + rootMessage(e), e);
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
        var parent = Path.of(file).toAbsolutePath().normalize().getParent();
        if (parent == null) return;
        if (Files.exists(parent) && !Files.isDirectory(parent)) {
            throw new StoreException("the data directory " + parent + " is a file, not a directory", null);
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            var why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "a parent directory cannot be created there"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getMessage();
            throw new StoreException("cannot create the data directory " + parent + ": " + why, e);
        }
        if (!Files.isWritable(parent)) throw new StoreException("the data directory " + parent + " is not writable", null);
    }

    /** Where the store is, for error messages: never the password. */
    private static String describe(DatabaseConfig config) {
        if (config.kind() == DatabaseConfig.Kind.SQLITE) return "SQLite file " + config.jdbcUrl().substring("jdbc:sqlite:".length());
        var m = java.util.regex.Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/([^?]*)").matcher(config.jdbcUrl());
        var where = m.find() ? "host " + m.group(1) + ", port " + (m.group(2) == null ? "5432" : m.group(2))
                + ", database " + m.group(3) : "PostgreSQL";
        return "PostgreSQL (" + where + ", user " + (config.user() == null ? "(default)" : config.user()) + ")";
    }

    private static String rootMessage(Throwable e) {
        var root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        var message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message).strip();
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
