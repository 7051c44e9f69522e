package org.foundryrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.foundryrelay.config.Config.DatabaseConfig;
import org.foundryrelay.sim.protocol.ConnectionStatus;
import org.foundryrelay.testing.AccountApi;
import org.foundryrelay.testing.RawSocket;
import org.foundryrelay.testing.RedisServer;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.TestDatabases;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A world's client id belongs to one relay of a cluster at a time: two logins racing through two relays from
 * two hosts admit exactly one, and unpairing a world through one relay closes it on the relay that holds it.
 * Two relays sharing a real redis-server and a PostgreSQL schema, raw sockets from distinct loopback addresses
 * and simulated worlds.
 */
class ClusterWorldOwnershipTest {
    private static final int ROUNDS = 20;
    private static final String PASSWORD = "Correct-Horse-9";
    private static RedisServer redis;
    private static DatabaseConfig schema;
    private static TestRelay a, b;
    private static SimWorlds sims;

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.start();
        schema = TestDatabases.postgres();
        a = TestRelay.start(redis.memberEnv(schema, "a"));
        b = TestRelay.start(redis.memberEnv(schema, "b"));
        sims = new SimWorlds();
    }

    @AfterAll
    static void stopCluster() {
        if (sims != null) sims.close();
        for (var r : new TestRelay[] {a, b}) {
            if (r != null) r.close();
        }
        if (redis != null) redis.close();
        if (schema != null) TestDatabases.drop(schema);
    }

    @Test
    void twoLoginsOfOneWorldFromTwoHostsThroughTwoRelaysAtOnceAdmitExactlyOne() throws Exception {
        var pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                var clientId = String.format("fvtt_e%015d", round);
                var auth = "{\"type\":\"auth\",\"token\":\"" + a.connectionToken("race", clientId) + "\"}";
                try (var viaA = RawSocket.open(a.relay().port(), "/relay?id=" + clientId, "127.0.0.2");
                     var viaB = RawSocket.open(b.relay().port(), "/relay?id=" + clientId, "127.0.0.3")) {
                    assertThat(List.of(viaA.status(), viaB.status())).containsOnly(101);
                    // Both auth messages leave together, so the two relays decide within the same instant.
                    var together = new CyclicBarrier(2);
                    var outcomes = new ArrayList<Future<String>>();
                    for (var socket : List.of(viaA, viaB)) {
                        outcomes.add(pool.submit(() -> {
                            together.await(5, TimeUnit.SECONDS);
                            socket.sendText(auth);
                            return outcome(socket);
                        }));
                    }
                    var seen = new ArrayList<String>();
                    for (var o : outcomes) seen.add(o.get(20, TimeUnit.SECONDS));
                    assertThat(seen).as("round %d: through a from 127.0.0.2, through b from 127.0.0.3", round)
                            .containsExactlyInAnyOrder("auth-success", "closed 4004 Client ID already connected");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // Each relay sent the script's text once (the first claim, answered NOSCRIPT), then only its hash.
        var calls = commandCalls();
        assertThat(calls.getOrDefault("evalsha", 0L)).as(calls.toString()).isGreaterThanOrEqualTo(2L * ROUNDS);
        assertThat(calls.getOrDefault("eval", 0L)).as(calls.toString()).isLessThanOrEqualTo(8L);
    }

    // How many times Redis ran each command, from INFO commandstats ("cmdstat_get:calls=3,...").
    private static Map<String, Long> commandCalls() {
        var client = RedisClient.create(redis.url());
        try (var connection = client.connect()) {
            var calls = new HashMap<String, Long>();
            var line = Pattern.compile("^cmdstat_([a-z|]+):calls=(\\d+)", Pattern.MULTILINE)
                    .matcher(connection.sync().info("commandstats"));
            while (line.find()) calls.put(line.group(1), Long.parseLong(line.group(2)));
            return calls;
        } finally {
            client.shutdown();
        }
    }

    // What the world hears first: auth-success, or the close that refuses it.
    private static String outcome(RawSocket socket) throws Exception {
        var frame = socket.next();
        if (frame == null) return "nothing";
        if (frame.opcode() == 0x8) return "closed " + frame.closeCode() + " " + frame.closeReason();
        return frame.text().contains("\"auth-success\"") ? "auth-success" : frame.text();
    }

    @Test
    void unpairingThroughOneRelayClosesTheWorldWhereverItIsConnectedAsRemovedByItsOwner() throws Exception {
        var created = a.cliWithInput(PASSWORD + "\n", "accounts", "create", "owner", "--email", "owner@example.com",
                "--password-stdin");
        assertThat(created.exitCode()).as(created.err()).isZero();
        var accounts = new AccountApi(a);
        var session = accounts.token("owner@example.com", PASSWORD);
        // A token issued for no world (as a headless session's) is bound to the first world that logs in with it,
        // so the world's tokens are exactly those an unpair revokes.
        var elsewhere = "fvtt_e900000000000001";
        var onB = sims.connect(b, elsewhere, b.connectionToken("owner", null), SimWorlds.world("owned-on-b"));
        var tokens = accounts.call("GET", "/auth/connection-tokens", session, null).body().path("tokens");
        assertThat(tokens).hasSize(1);
        assertThat(tokens.get(0).path("clientId").asText()).isEqualTo(elsewhere);
        var here = "fvtt_e900000000000002";
        var onA = sims.connect(a, here, a.connectionToken("owner", here), SimWorlds.world("owned-on-a"));

        long asked = System.nanoTime();
        var unpaired = accounts.call("DELETE", "/auth/known-clients/" + elsewhere, session, null);
        assertThat(unpaired.status()).as(unpaired.body().toString()).isEqualTo(200);
        assertThat(unpaired.body().path("disconnectedClients").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> onB.lastClose() != null);
        assertThat((System.nanoTime() - asked) / 1_000_000).isLessThan(1_000);
        assertThat(onB.lastClose().code()).isEqualTo(4002);
        assertThat(onB.lastClose().reason()).isEqualTo("Client removed by owner");
        assertThat(onB.awaitStatus(s -> s instanceof ConnectionStatus.Stopped, Duration.ofSeconds(3))).isTrue();

        // The relay asked closes its own world alike.
        assertThat(accounts.call("DELETE", "/auth/known-clients/" + here, session, null).body()
                .path("disconnectedClients").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> onA.lastClose() != null);
        assertThat(onA.lastClose().code()).isEqualTo(4002);
        assertThat(onA.lastClose().reason()).isEqualTo("Client removed by owner");
        assertThat(accounts.call("GET", "/auth/known-clients", session, null).body().path("clients")).isEmpty();
        assertThat(accounts.call("GET", "/auth/connection-tokens", session, null).body().path("total").asInt()).isZero();
    }
}
