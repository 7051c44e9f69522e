package org.foundryrelay.testing;

import java.sql.DriverManager;
import java.sql.SQLException;

/** Direct SQL on a test relay's SQLite store, to put rows into states a test cannot wait for (such as expired). */
public final class StoreAccess {
    private StoreAccess() {}

    /** Runs one update with positional parameters; returns the number of rows changed. */
    public static int update(TestRelay relay, String sql, Object... params) {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + relay.dataDir().resolve("relay.db"));
             var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one query; each row maps column labels (lower case) to values. */
    public static java.util.List<java.util.Map<String, Object>> query(TestRelay relay, String sql, Object... params) {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + relay.dataDir().resolve("relay.db"));
             var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (var rs = ps.executeQuery()) {
                var rows = new java.util.ArrayList<java.util.Map<String, Object>>();
                var meta = rs.getMetaData();
                while (rs.next()) {
                    var row = new java.util.HashMap<String, Object>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) row.put(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves a pairing code's expiry into the past. */
    public static void expirePairingCode(TestRelay relay, String code) {
        if (update(relay, "UPDATE pairing_codes SET expires_at = ? WHERE code = ?", System.currentTimeMillis() - 1,
                org.foundryrelay.auth.Secrets.sha256(code)) != 1) {
            throw new IllegalStateException("no pairing code " + code);
        }
    }

    /** Moves a pair request's expiry into the past. */
    public static void expirePairRequest(TestRelay relay, String code) {
        if (update(relay, "UPDATE pair_requests SET expires_at = ? WHERE code = ?", System.currentTimeMillis() - 1,
                org.foundryrelay.auth.Secrets.sha256(code)) != 1) {
            throw new IllegalStateException("no pair request " + code);
        }
    }
}
