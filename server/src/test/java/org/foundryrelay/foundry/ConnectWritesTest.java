package org.foundryrelay.foundry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.StoreAccess;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.Test;

/**
 * A world's last-seen time on leaving and its token's last use are written to the store in batches, off
 * the connect path; a clean stop writes the last batch, so the store then holds every world with its
 * metadata, when it was last seen (its disconnect at the stop) and when its token was last used.
 */
class ConnectWritesTest {
    private static final int WORLDS = 200;

    @Test
    void aCleanStopLosesNoneOfTheBatchedWrites() throws Exception {
        try (var relay = TestRelay.start(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"));
             var sims = new SimWorlds()) {
            relay.cli("accounts", "create", "fleet");
            var lines = relay.cli("tokens", "issue", "--account", "fleet", "--count", Integer.toString(WORLDS))
                    .out().lines().toList();
            assertThat(lines).hasSize(WORLDS);
            var connections = lines.stream().map(l -> l.split(" "))
                    .map(p -> sims.start(relay, p[0], p[1], SimWorlds.world(p[0] + "-world"))).toList();
            for (var c : connections) assertThat(c.awaitConnected(Duration.ofSeconds(30))).isTrue();

            long beforeStop = System.currentTimeMillis();
            relay.stop();

            var worlds = StoreAccess.query(relay, "SELECT client_id, world_id, world_title, foundry_version, system_id,"
                    + " first_seen_at, last_seen_at FROM worlds");
            assertThat(worlds).hasSize(WORLDS);
            for (var w : worlds) {
                assertThat(w.get("world_id")).isEqualTo(w.get("client_id") + "-world");
                assertThat(w).doesNotContainEntry("world_title", null).doesNotContainEntry("foundry_version", null)
                        .doesNotContainEntry("system_id", null);
                assertThat(((Number) w.get("last_seen_at")).longValue()).as("left at the stop").isGreaterThanOrEqualTo(beforeStop);
            }
            var tokens = StoreAccess.query(relay, "SELECT last_used_at FROM connection_tokens");
            assertThat(tokens).hasSize(WORLDS).allSatisfy(t -> assertThat(t.get("last_used_at")).isNotNull());
        }
    }

    /**
     * A world's first connect is in the store at once (the CLI or another relay may list it next); a world
     * coming back with a token used before is written with the next batch, and a clean stop writes it.
     */
    @Test
    void aFirstConnectIsWrittenAtOnceAndAReturningWorldWithTheNextBatch() throws Exception {
        try (var relay = TestRelay.start(Map.of()); var sims = new SimWorlds()) {
            relay.cli("accounts", "create", "fleet");
            var cred = relay.cli("tokens", "issue", "--account", "fleet", "--count", "1").out().strip().split(" ");
            var first = sims.connect(relay, cred[0], cred[1], titled("Before"));
            assertThat(StoreAccess.query(relay, "SELECT world_title FROM worlds WHERE client_id = ?", cred[0]))
                    .as("written at once").singleElement().satisfies(w -> assertThat(w).containsEntry("world_title", "Before"));
            await().atMost(Duration.ofSeconds(10)).until(() -> StoreAccess.query(relay,
                    "SELECT 1 FROM connection_tokens WHERE last_used_at IS NOT NULL").size() == 1);
            first.close();
            var again = sims.connect(relay, cred[0], cred[1], titled("After"));
            assertThat(again.awaitConnected(Duration.ofSeconds(10))).isTrue();

            relay.stop();

            assertThat(StoreAccess.query(relay, "SELECT world_title FROM worlds WHERE client_id = ?", cred[0]))
                    .singleElement().satisfies(w -> assertThat(w).containsEntry("world_title", "After"));
        }
    }

    private static World titled(String title) {
        return World.builder(World.defaultWorld().fixture()).worldId("returning-world").worldTitle(title).build();
    }
}
