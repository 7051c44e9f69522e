package org.foundryrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.foundryrelay.config.Config.DatabaseConfig;
import org.foundryrelay.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every repository against both real stores: a SQLite file and the local PostgreSQL. */
class StoreTest {
    @TempDir
    static Path dir;

    static Stream<String> stores() {
        return Stream.of("sqlite", "postgres");
    }

    private static DatabaseConfig config(String kind) {
        return kind.equals("sqlite") ? TestDatabases.sqlite(dir.resolve(System.nanoTime() + "")) : TestDatabases.postgres();
    }

    interface Body {
        void run(Database db) throws Exception;
    }

    private static void with(String kind, Body body) throws Exception {
        var config = config(kind);
        try (var db = Database.open(config)) {
            body.run(db);
        } finally {
            TestDatabases.drop(config);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void migrationsRunOnceAndAgainCleanly(String kind) throws Exception {
        var config = config(kind);
        try {
            try (var db = Database.open(config)) {
                assertThat(db.isHealthy()).isTrue();
                new AccountRepository(db).insert(new AccountRecord("acc_1", "one", 1));
            }
            try (var db = Database.open(config)) {
                assertThat(new AccountRepository(db).findByName("one")).isPresent();
            }
        } finally {
            TestDatabases.drop(config);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void accounts(String kind) throws Exception {
        with(kind, db -> {
            var repo = new AccountRepository(db);
            assertThat(repo.insert(new AccountRecord("acc_b", "beta", 2))).isTrue();
            assertThat(repo.insert(new AccountRecord("acc_a", "alpha", 1))).isTrue();
            assertThat(repo.insert(new AccountRecord("acc_c", "alpha", 3))).as("names are unique").isFalse();
            assertThat(repo.findByName("alpha")).contains(new AccountRecord("acc_a", "alpha", 1));
            assertThat(repo.findById("acc_b")).contains(new AccountRecord("acc_b", "beta", 2));
            assertThat(repo.findByName("nobody")).isEmpty();
            assertThat(repo.list()).extracting(AccountRecord::name).containsExactly("alpha", "beta");
        });
    }

    @ParameterizedTest
    @MethodSource("stores")
    void apiKeys(String kind) throws Exception {
        with(kind, db -> {
            new AccountRepository(db).insert(new AccountRecord("acc_a", "alpha", 1));
            new AccountRepository(db).insert(new AccountRecord("acc_b", "beta", 1));
            var keys = new ApiKeyRepository(db);
            var full = new ApiKeyRecord("key_1", "acc_a", "alpha", "bot", "hash1", "abcd1234",
                    List.of("roll:read", "clients:read"), List.of("fvtt_1", "fvtt_2"), "Gamemaster",
                    Map.of("fvtt_2", "Alice"), 1000L, null, 0, 99_999L, true, 10, null);
            var bare = new ApiKeyRecord("key_2", "acc_b", "beta", "other", "hash2", "ffff0000",
                    List.of("roll:read"), List.of(), null, Map.of(), null, null, 0, null, true, 11, null);
            keys.insert(full);
            keys.insert(bare);

            assertThat(keys.findByHash("hash1")).contains(full);
            assertThat(keys.findByHash("hash2")).contains(bare);
            assertThat(keys.findByHash("nope")).isEmpty();
            assertThat(keys.findById("key_2")).contains(bare);
            assertThat(keys.list()).extracting(ApiKeyRecord::id).containsExactly("key_1", "key_2");
            assertThat(keys.listByAccount("acc_b")).extracting(ApiKeyRecord::id).containsExactly("key_2");

            assertThat(keys.setEnabled("key_1", false)).isTrue();
            assertThat(keys.findByHash("hash1").orElseThrow().enabled()).isFalse();
            assertThat(keys.setEnabled("missing", false)).isFalse();

            keys.addUsage("key_1", "2026-11", 5, 500);
            keys.addUsage("key_1", "2026-11", 2, 600);
            var used = keys.findById("key_1").orElseThrow();
            assertThat(used.requestsThisMonth()).isEqualTo(7);
            assertThat(used.usageMonth()).isEqualTo("2026-11");
            assertThat(used.lastUsedAt()).isEqualTo(600L);
            keys.addUsage("key_1", "2026-12", 1, 700);
            assertThat(keys.findById("key_1").orElseThrow().requestsThisMonth()).as("a new month restarts").isEqualTo(1);

            assertThat(keys.delete("key_1")).isTrue();
            assertThat(keys.delete("key_1")).isFalse();
            assertThat(keys.findByHash("hash1")).isEmpty();
        });
    }

    @ParameterizedTest
    @MethodSource("stores")
    void batchedWritesKeepTheirOrderAndFailTogether(String kind) throws Exception {
        with(kind, db -> {
            var sql = db.sql();
            sql.update("CREATE TABLE batch_check (k VARCHAR(10) PRIMARY KEY, v INTEGER NOT NULL)");
            int seen = sql.transaction(tx -> {
                tx.add("INSERT INTO batch_check (k, v) VALUES (?, ?)", "a", 1);
                tx.add("INSERT INTO batch_check (k, v) VALUES (?, ?)", "b", 1);
                tx.add("UPDATE batch_check SET v = ? WHERE k = ?", 2, "a"); // after the insert it follows
                tx.add("INSERT INTO batch_check (k, v) VALUES (?, ?)", "c", 1);
                // A read inside the transaction sees every row added before it.
                return tx.one("SELECT COUNT(*) AS n FROM batch_check", rs -> rs.getInt("n")).orElseThrow();
            });
            assertThat(seen).isEqualTo(3);
            assertThat(sql.list("SELECT k, v FROM batch_check ORDER BY k", rs -> rs.getString("k") + rs.getInt("v")))
                    .containsExactly("a2", "b1", "c1");

            // A row that fails when the batch is sent at commit takes the whole transaction with it.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sql.transaction(tx -> {
                tx.add("INSERT INTO batch_check (k, v) VALUES (?, ?)", "d", 1);
                tx.add("INSERT INTO batch_check (k, v) VALUES (?, ?)", "a", 9);
                return null;
            })).isInstanceOf(StoreException.class);
            assertThat(sql.list("SELECT k FROM batch_check ORDER BY k", rs -> rs.getString("k"))).containsExactly("a", "b", "c");

            var worlds = new WorldRepository(db);
            new AccountRepository(db).insert(new AccountRecord("acc_b", "batch", 1));
            worlds.upsertLater(new WorldRecord("acc_b", "w1", null, "One", null, null, null, null, null, null, null, 10, 10));
            worlds.touchLater("acc_b", "w1", 20);
            worlds.touchLater("acc_b", "w1", 30);
            worlds.flushPending();
            assertThat(worlds.find("acc_b", "w1").orElseThrow().lastSeenAt()).as("written in order").isEqualTo(30L);
        });
    }
}
