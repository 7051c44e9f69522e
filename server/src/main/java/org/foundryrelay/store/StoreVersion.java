package org.foundryrelay.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A number that changes whenever anything is committed to the SQLite store, by this process or any other
 * (the admin CLI, a second relay): SQLite's {@code PRAGMA data_version} read on a connection of its own
 * that never writes. Reading it costs one tiny statement and no table access, so a cache checked against
 * it sees a change made elsewhere on its very next use.
 */
public final class StoreVersion implements AutoCloseable {
    private final String jdbcUrl;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;
    private PreparedStatement statement;
    // data_version restarts on a new connection; the epoch keeps versions from before a reconnect distinct.
    private long epoch;

    StoreVersion(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * The current version; any commit since an earlier call makes it differ.
     *
     * @throws StoreException when the store cannot be read (callers then skip their cache)
     */
    public long current() {
        lock.lock();
        try {
            if (statement == null) open();
            try (var rs = statement.executeQuery()) {
                rs.next();
                return (epoch << 40) | rs.getLong(1);
            }
        } catch (SQLException e) {
            closeConnection();
            throw new StoreException("store version: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void open() throws SQLException {
        connection = DriverManager.getConnection(jdbcUrl);
        statement = connection.prepareStatement("PRAGMA data_version");
        epoch++;
    }

    private void closeConnection() {
        try {
            if (connection != null) connection.close();
        } catch (SQLException e) {
            // dropping it anyway
        }
        connection = null;
        statement = null;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeConnection();
        } finally {
            lock.unlock();
        }
    }
}
