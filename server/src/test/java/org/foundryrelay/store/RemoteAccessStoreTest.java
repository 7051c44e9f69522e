package org.foundryrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.foundryrelay.config.Config.DatabaseConfig;
import org.foundryrelay.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Remote-request grants and the call log against both real stores. */
class RemoteAccessStoreTest {
    @TempDir
    static Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void grantsAndTheLog(String kind) {
        DatabaseConfig config = kind.equals("sqlite") ? TestDatabases.sqlite(dir.resolve("r" + System.nanoTime()))
                : TestDatabases.postgres();
        try (var db = Database.open(config)) {
            new AccountRepository(db).insert(new AccountRecord("acc_a", "alpha", 1));
            var tokens = new TokenRepository(db);
            tokens.insert(new TokenRecord("tok_1", "acc_a", "h1", "t", "fvtt_1", "pairing", List.of(), 1, null, null));
            var access = new RemoteAccessRepository(db);
            assertThat(access.grant("tok_1")).as("nothing until granted").contains(new RemoteGrant(List.of(), List.of(), 100));
            assertThat(access.setGrant("tok_1", new RemoteGrant(List.of("fvtt_2", "fvtt_3"), List.of("roll:read"), 5))).isTrue();
            var grant = access.grant("tok_1").orElseThrow();
            assertThat(grant.allows("fvtt_3")).isTrue();
            assertThat(grant.allows("fvtt_4")).isFalse();
            assertThat(grant.scopes()).containsExactly("roll:read");
            assertThat(access.setGrant("tok_nope", grant)).isFalse();
            tokens.revoke("tok_1", 2);
            assertThat(access.grant("tok_1")).as("a revoked token grants nothing").isEmpty();

            access.log(new RemoteRequestRecord("rr_1", "acc_a", "fvtt_1", "fvtt_2", "roll", "tok_1", "sent", null, null, 1000));
            access.log(new RemoteRequestRecord("rr_2", "acc_a", "fvtt_1", "fvtt_2", "roll", "tok_1", "refused", "no", null, 2000));
            access.log(new RemoteRequestRecord("rr_3", "acc_a", "fvtt_1", "fvtt_2", "roll", "tok_1", "sent", null, null, 500));
            access.finish("rr_1", "ok", null, 12);
            assertThat(access.countSince("acc_a", "fvtt_1", 900)).as("refused and older calls do not count").isEqualTo(1);
            assertThat(access.countSince("acc_a", "fvtt_9", 0)).isZero();
            var recent = access.recent("acc_a", 2);
            assertThat(recent).extracting(RemoteRequestRecord::id).containsExactly("rr_2", "rr_1");
            assertThat(recent.get(1).outcome()).isEqualTo("ok");
            assertThat(recent.get(1).durationMs()).isEqualTo(12L);
            assertThat(access.recent(null, 10)).hasSize(3);
        } finally {
            TestDatabases.drop(config);
        }
    }
}
