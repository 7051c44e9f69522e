package org.foundryrelay.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Thin JDBC helper: positional parameters in, mapped rows out, every SQLException wrapped. */
public final class Sql {
    private final Database db;

    Sql(Database db) {
        this.db = db;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Work done inside one transaction. */
    @FunctionalInterface
    public interface TxWork<T> {
        T run(Tx tx) throws SQLException;
    }

    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        return inConnection(c -> query(c, sql, mapper, params));
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        var rows = list(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    public int update(String sql, Object... params) {
        return inConnection(c -> update(c, sql, params));
    }

    /** Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. */
    public <T> T transaction(TxWork<T> work) {
        return inConnection(c -> {
            c.setAutoCommit(false);
            var tx = new Tx(c);
            try {
                var result = work.run(tx);
                tx.sendBatch();
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                tx.close();
                c.setAutoCommit(true);
            }
        });
    }

    /**
     * Statements run inside a {@link #transaction}. Updates prepare each distinct statement once per
     * transaction, so a batch of a thousand rows parses its SQL once; {@link #add} sends rows in JDBC batches,
     * so they also share round trips to the database.
     */
    public static final class Tx {
        private final Connection c;
        private final java.util.Map<String, PreparedStatement> prepared = new java.util.HashMap<>();
        /** The statement whose rows {@link #add} has gathered and not sent yet; null when none are waiting. */
        private String batched;

        private Tx(Connection c) {
            this.c = c;
        }

        public <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
            sendBatch();
            return query(c, sql, mapper, params);
        }

        public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
            var rows = list(sql, mapper, params);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }

        public int update(String sql, Object... params) throws SQLException {
            sendBatch();
            var ps = prepare(sql);
            bind(ps, params);
            return ps.executeUpdate();
        }

        /**
         * Runs {@code sql} with {@code params} as part of a batch: rows of the same statement in a row travel
         * together, sent before any other statement runs and before the commit, so the order of writes is kept.
         * For writes whose row counts nobody reads.
         */
        public void add(String sql, Object... params) throws SQLException {
            if (batched != null && !batched.equals(sql)) sendBatch();
            var ps = prepare(sql);
            bind(ps, params);
            ps.addBatch();
            batched = sql;
        }

        private void sendBatch() throws SQLException {
            if (batched == null) return;
            var ps = prepared.get(batched);
            batched = null;
            ps.executeBatch();
        }

        private PreparedStatement prepare(String sql) throws SQLException {
            var ps = prepared.get(sql);
            if (ps == null) {
                ps = c.prepareStatement(sql);
                prepared.put(sql, ps);
            }
            return ps;
        }

        private void close() throws SQLException {
            for (var ps : prepared.values()) ps.close();
        }
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inConnection(ConnectionWork<T> work) {
        try (var c = db.connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("store error: " + e.getMessage(), e);
        }
    }

    private static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (var rs = ps.executeQuery()) {
                var rows = new ArrayList<T>();
                while (rs.next()) rows.add(mapper.map(rs));
                return rows;
            }
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            var p = params[i];
            switch (p) {
                case null -> ps.setNull(i + 1, Types.NULL);
                case String s -> ps.setString(i + 1, s);
                case Integer n -> ps.setInt(i + 1, n);
                case Long n -> ps.setLong(i + 1, n);
                case Boolean b -> ps.setInt(i + 1, b ? 1 : 0);
                default -> throw new IllegalArgumentException("unsupported parameter type " + p.getClass());
            }
        }
    }

    /** Reads a nullable BIGINT column. */
    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
