package org.foundryrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.foundryrelay.config.Config.DatabaseConfig;
import org.foundryrelay.store.PairRequestRecord.Status;
import org.foundryrelay.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Pairing codes and pair requests against both real stores: a SQLite file and the local PostgreSQL. */
class PairingStoreTest {
    @TempDir
    static Path dir;

    static Stream<String> stores() {
        return Stream.of("sqlite", "postgres");
    }

    interface Body {
        void run(Database db) throws Exception;
    }

    private static void with(String kind, Body body) throws Exception {
        var config = kind.equals("sqlite") ? TestDatabases.sqlite(dir.resolve(System.nanoTime() + "")) : TestDatabases.postgres();
        try (var db = Database.open(config)) {
            new AccountRepository(db).insert(new AccountRecord("acc_a", "alpha", 1));
            body.run(db);
        } finally {
            TestDatabases.drop(config);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void pairingCodesAreStoredFoundAndClaimedOnce(String kind) throws Exception {
        with(kind, db -> {
            var codes = new PairingCodeRepository(db);
            var bound = new PairingCodeRecord("ABC234", "acc_a", "fvtt_0123456789abcdef", 10_000, false, 5);
            var free = new PairingCodeRecord("XYZ789", "acc_a", null, 10_000, false, 6);
            assertThat(codes.insert(bound)).isTrue();
            assertThat(codes.insert(free)).isTrue();
            assertThat(codes.insert(new PairingCodeRecord("ABC234", "acc_a", null, 1, false, 1)))
                    .as("a taken code is refused, not overwritten").isFalse();
            assertThat(codes.find("ABC234")).contains(bound);
            assertThat(codes.find("XYZ789")).contains(free);
            assertThat(codes.find("NOPE22")).isEmpty();

            assertThat(codes.claim("ABC234", 10_000)).as("expired at its expiry instant").isFalse();
            assertThat(codes.claim("ABC234", 9_999)).isTrue();
            assertThat(codes.claim("ABC234", 9_999)).as("single use").isFalse();
            assertThat(codes.find("ABC234").orElseThrow().used()).isTrue();
            assertThat(codes.claim("NOPE22", 1)).isFalse();

            assertThat(codes.deleteExpired(10_001)).isEqualTo(2);
            assertThat(codes.find("XYZ789")).isEmpty();
            assertThat(codes.insert(free)).isTrue();
            assertThat(codes.delete("XYZ789")).isTrue();
            assertThat(codes.delete("XYZ789")).isFalse();
        });
    }

    @ParameterizedTest
    @MethodSource("stores")
    void twoConcurrentClaimsOfOneCodeHaveExactlyOneWinner(String kind) throws Exception {
        with(kind, db -> {
            var codes = new PairingCodeRepository(db);
            try (var pool = Executors.newFixedThreadPool(2)) {
                for (int round = 0; round < 25; round++) {
                    var code = "RACE%02d".formatted(round);
                    codes.insert(new PairingCodeRecord(code, "acc_a", null, Long.MAX_VALUE, false, 1));
                    var barrier = new CyclicBarrier(2);
                    Callable<Boolean> claim = () -> {
                        barrier.await();
                        return codes.claim(code, 2);
                    };
                    var results = new ArrayList<Boolean>();
                    for (var f : pool.invokeAll(java.util.List.of(claim, claim))) results.add(f.get());
                    assertThat(results).as("round " + round).containsExactlyInAnyOrder(true, false);
                }
            }
        });
    }

    private static PairRequestRecord request(String code, boolean upgradeOnly, long expiresAt, long createdAt) {
        return new PairRequestRecord(code, "pr_" + code.toLowerCase(java.util.Locale.ROOT), "my-world", "My <World>", "dnd5e",
                "D&D 5e", "4.1.0", "13.348", upgradeOnly ? "fvtt_00000000000000aa" : null, "fp-1", upgradeOnly, Status.PENDING,
                null, expiresAt, createdAt);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void pairRequestsMoveThroughTheirStatusesOnlyFromTheExpectedOne(String kind) throws Exception {
        with(kind, db -> {
            var requests = new PairRequestRepository(db);
            var normal = request("AAAA2222", false, 1_000, 10);
            var upgrade = request("BBBB3333", true, 1_000, 20);
            var doomed = request("CCCC4444", false, 1_000, 30);
            assertThat(requests.insert(normal)).isTrue();
            assertThat(requests.insert(upgrade)).isTrue();
            assertThat(requests.insert(doomed)).isTrue();
            assertThat(requests.insert(request("AAAA2222", false, 5, 5))).isFalse();
            assertThat(requests.find("AAAA2222")).contains(normal);
            assertThat(requests.find("BBBB3333")).contains(upgrade);
            assertThat(requests.find("ZZZZ9999")).isEmpty();
            assertThat(requests.listPending(500)).extracting(PairRequestRecord::id)
                    .containsExactly("pr_aaaa2222", "pr_bbbb3333", "pr_cccc4444");
            assertThat(requests.listPending(500)).extracting(PairRequestRecord::code).as("listings carry no code").containsOnlyNulls();
            assertThat(requests.findById("pr_bbbb3333").orElseThrow().code()).isNull();
            assertThat(requests.listPending(1_000)).as("expired requests are not waiting").isEmpty();

            assertThat(requests.approve("pr_aaaa2222", "acc_a", 1_000)).as("expired").isFalse();
            assertThat(requests.approve("pr_aaaa2222", "acc_a", 500)).isTrue();
            assertThat(requests.approve("pr_aaaa2222", "acc_a", 500)).as("decided once").isFalse();
            assertThat(requests.deny("pr_aaaa2222", 500)).isFalse();
            var approved = requests.find("AAAA2222").orElseThrow();
            assertThat(approved.status()).isEqualTo(Status.APPROVED);
            assertThat(approved.accountId()).isEqualTo("acc_a");
            assertThat(requests.markExchanged("pr_aaaa2222")).isTrue();
            assertThat(requests.markExchanged("pr_aaaa2222")).as("the code is handed out once").isFalse();
            assertThat(requests.find("AAAA2222").orElseThrow().status()).isEqualTo(Status.EXCHANGED);

            assertThat(requests.approve("pr_bbbb3333", "acc_a", 500)).isTrue();
            assertThat(requests.find("BBBB3333").orElseThrow().upgradeOnly()).isTrue();

            assertThat(requests.markExchanged("pr_cccc4444")).as("only approved requests are exchanged").isFalse();
            assertThat(requests.deny("pr_cccc4444", 500)).isTrue();
            assertThat(requests.approve("pr_cccc4444", "acc_a", 500)).isFalse();
            assertThat(requests.find("CCCC4444").orElseThrow().status()).isEqualTo(Status.DENIED);
            assertThat(requests.listPending(500)).isEmpty();

            assertThat(requests.deleteExpired(1_001)).isEqualTo(3);
            assertThat(requests.find("AAAA2222")).isEmpty();
        });
    }
}
