package org.foundryrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.foundryrelay.config.Config.DatabaseConfig;
import org.foundryrelay.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Start-up skips Flyway only for a store whose history ends cleanly at this build's latest migration. */
class MigrationSkipTest {
    @TempDir
    static Path dir;

    @Test
    void latestMigrationConstantMatchesTheBundledScripts() throws IOException {
        var version = Pattern.compile("V(\\d+)__.*\\.sql");
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            int newest = files.map(p -> version.matcher(p.getFileName().toString())).filter(java.util.regex.Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
            assertThat(Database.LATEST_MIGRATION).isEqualTo(newest);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void onlyACleanHistoryAtTheLatestVersionCountsAsUpToDate(String kind) {
        DatabaseConfig config = kind.equals("sqlite") ? TestDatabases.sqlite(dir.resolve("s" + System.nanoTime()))
                : TestDatabases.postgres();
        try (var db = Database.open(config)) {
            assertThat(db.upToDate()).as("just migrated").isTrue();
            try (var again = Database.open(config)) {
                assertThat(again.upToDate()).as("reopened without Flyway").isTrue();
                assertThat(again.isHealthy()).isTrue();
            }
            var sql = db.sql();
            var latest = Integer.toString(Database.LATEST_MIGRATION);
            var newer = Integer.toString(Database.LATEST_MIGRATION + 1);
            var older = Integer.toString(Database.LATEST_MIGRATION - 1);
            sql.update("UPDATE flyway_schema_history SET success = false WHERE version = ?", latest);
            assertThat(db.upToDate()).as("a failed step").isFalse();
            sql.update("UPDATE flyway_schema_history SET success = true, version = ? WHERE version = ?", newer, latest);
            assertThat(db.upToDate()).as("a store newer than this build").isFalse();
            sql.update("UPDATE flyway_schema_history SET version = ? WHERE version = ?", older, newer);
            assertThat(db.upToDate()).as("a store older than this build").isFalse();
        } finally {
            TestDatabases.drop(config);
        }
    }
}
