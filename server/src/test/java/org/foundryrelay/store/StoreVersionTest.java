package org.foundryrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.foundryrelay.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite change counter the key cache relies on: stable while nothing commits, changed by any commit. */
class StoreVersionTest {
    @TempDir
    Path dir;

    @Test
    void changesWithEveryCommitFromThisOrAnotherConnectionPool() {
        var config = TestDatabases.sqlite(dir);
        try (var relay = Database.open(config); var cli = Database.open(config)) {
            var version = relay.version();
            long v1 = version.current();
            assertThat(version.current()).as("no commit, no change").isEqualTo(v1);
            new AccountRepository(cli).insert(new AccountRecord("acc_1", "other-process", 1L));
            long v2 = version.current();
            assertThat(v2).as("a commit by another pool (as the CLI's process)").isNotEqualTo(v1);
            new AccountRepository(relay).insert(new AccountRecord("acc_2", "same-process", 2L));
            assertThat(version.current()).as("a commit through the relay's own pool").isNotEqualTo(v2);
        }
    }

    @Test
    void postgresHasNoCounterSoLookupsReadThrough() {
        var config = TestDatabases.postgres();
        try (var db = Database.open(config)) {
            assertThat(db.version()).isNull();
        } finally {
            TestDatabases.drop(config);
        }
    }
}
