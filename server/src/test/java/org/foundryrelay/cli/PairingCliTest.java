package org.foundryrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.foundryrelay.sim.protocol.ConnectionStatus;
import org.foundryrelay.sim.protocol.ModuleConnection;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.Pairings;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code relay pair} and {@code relay tokens} as an operator uses them. */
class PairingCliTest {
    static TestRelay relay;

    @BeforeAll
    static void start() {
        relay = TestRelay.start(Map.of("PAIRING_RATE_LIMIT", "0"));
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    private static String tokenIdOf(String account) {
        var line = relay.cli("tokens", "list", "--account", account).out().trim();
        assertThat(line).isNotEmpty().doesNotContain("\n");
        return line.split("\\s+")[0];
    }

    @Test
    void pairPrintsTheCodeAloneAndExplainsOnStderr() {
        relay.cli("accounts", "create", "codes");
        var run = relay.cli("pair", "--account", "codes");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).matches("[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}\\R");
        assertThat(run.err()).contains("Enter Code", "10 minutes");
        assertThat(relay.cli("pair", "--account", "codes").out()).as("a fresh code each time").isNotEqualTo(run.out());
    }

    @Test
    void theAccountMayBeLeftOutOnlyWhenThereIsExactlyOne() {
        try (var fresh = TestRelay.start(Map.of())) {
            var none = fresh.cli("pair");
            assertThat(none.exitCode()).isEqualTo(2);
            assertThat(none.err()).contains("--account is required");
            fresh.cli("accounts", "create", "solo");
            var solo = fresh.cli("pair");
            assertThat(solo.exitCode()).as(solo.err()).isZero();
            assertThat(solo.out().trim()).hasSize(6);
            fresh.cli("accounts", "create", "duo");
            var two = fresh.cli("pair");
            assertThat(two.exitCode()).isEqualTo(2);
            assertThat(two.err()).contains("--account is required");
        }
    }

    @Test
    void unknownAccountsAndWorldsAreNotFound() {
        var ghost = relay.cli("pair", "--account", "ghost");
        assertThat(ghost.exitCode()).as("an unknown name is a usage error").isEqualTo(2);
        assertThat(ghost.err()).isEqualTo("relay pair: no account named 'ghost'\n");
        relay.cli("accounts", "create", "worldless");
        var noWorld = relay.cli("pair", "--account", "worldless", "--client", "fvtt_0000000000000000");
        assertThat(noWorld.exitCode()).isEqualTo(2);
        assertThat(noWorld.err()).contains("no world 'fvtt_0000000000000000'");
        assertThat(noWorld.out()).isEmpty();
    }

    @Test
    void tokensAreListedRestrictedAndRevoked() {
        var paired = Pairings.paired(relay, "tokens", Map.of("worldId", "w"));
        var token = paired.get("token").asText();
        var id = tokenIdOf("tokens");
        var listed = relay.cli("tokens", "list").out();
        assertThat(listed).contains(id, "tokens", paired.get("clientId").asText(), "source=pairing", "created=",
                "lastUsed=never").doesNotContain(token).doesNotContain(org.foundryrelay.auth.Secrets.sha256(token));

        var allow = relay.cli("tokens", "allow-ips", id, "203.0.113.7, 198.51.100.0/24,2001:db8::/32");
        assertThat(allow.exitCode()).as(allow.err()).isZero();
        assertThat(relay.cli("tokens", "list", "--account", "tokens").out())
                .contains("allowedIps=203.0.113.7,198.51.100.0/24,2001:db8::/32");
        var bad = relay.cli("tokens", "allow-ips", id, "203.0.113.7,10.0.0.300");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("10.0.0.300");
        assertThat(relay.cli("tokens", "allow-ips", id, "example.com").exitCode()).isEqualTo(2);
        assertThat(relay.cli("tokens", "allow-ips", id, "10.0.0.0/33").exitCode()).isEqualTo(2);
        assertThat(relay.cli("tokens", "allow-ips", id, "none").exitCode()).isZero();
        assertThat(relay.cli("tokens", "list", "--account", "tokens").out()).doesNotContain("allowedIps=");

        var revoke = relay.cli("tokens", "revoke", id);
        assertThat(revoke.exitCode()).isZero();
        assertThat(revoke.err()).contains("socket");
        assertThat(relay.cli("tokens", "list", "--account", "tokens").out()).doesNotContain(id);
        assertThat(relay.cli("tokens", "revoke", id).exitCode()).as("revoking twice").isEqualTo(1);
        assertThat(relay.cli("tokens", "allow-ips", id, "none").exitCode()).as("a revoked token").isEqualTo(1);
        assertThat(relay.cli("tokens", "list", "--account", "ghost").exitCode()).isEqualTo(2);
    }

    @Test
    void tokensIssuedInBulkConnectTheirOwnWorlds() {
        relay.cli("accounts", "create", "fleet");
        var run = relay.cli("tokens", "issue", "--account", "fleet", "--count", "3", "--name", "bench");
        assertThat(run.exitCode()).as(run.err()).isZero();
        var lines = run.out().trim().split("\\R");
        assertThat(lines).hasSize(3);
        for (var line : lines) assertThat(line).matches("fvtt_[0-9a-f]{16} [0-9a-f]{64}");
        assertThat(Arrays.stream(lines).map(l -> l.split(" ")[0]).distinct()).hasSize(3);
        assertThat(relay.cli("tokens", "list", "--account", "fleet").out().lines())
                .hasSize(3).allMatch(l -> l.contains("source=cli") && l.contains("\"bench\""));
        try (var worlds = new SimWorlds()) {
            var parts = lines[1].split(" ");
            worlds.connect(relay, parts[0], parts[1], SimWorlds.world("fleet-1"));
            var wrong = worlds.start(relay, parts[0] + "x", lines[2].split(" ")[1],
                    SimWorlds.world("fleet-2"));
            assertThat(awaitStopped(wrong)).as("a token works only for its own client id").isTrue();
        }
        assertThat(relay.cli("tokens", "issue", "--account", "fleet", "--count", "0").exitCode()).isEqualTo(2);
        assertThat(relay.cli("tokens", "issue", "--account", "fleet", "--count", "many").exitCode()).isEqualTo(2);
        assertThat(relay.cli("tokens", "list", "--count", "2").exitCode()).isEqualTo(2);
        assertThat(relay.cli("tokens", "issue", "--account", "ghost").exitCode()).isEqualTo(2);
    }

    private static boolean awaitStopped(ModuleConnection c) {
        try {
            return c.awaitStatus(ConnectionStatus.Stopped.class::isInstance,
                    Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(relay.cli("pair", "frobnicate").exitCode()).isEqualTo(2);
        assertThat(relay.cli("pair", "approve").exitCode()).isEqualTo(2);
        assertThat(relay.cli("pair", "deny").exitCode()).isEqualTo(2);
        assertThat(relay.cli("pair", "deny", "A", "B").exitCode()).isEqualTo(2);
        assertThat(relay.cli("pair", "requests", "extra").exitCode()).isEqualTo(2);
        assertThat(relay.cli("pair", "--bogus").err()).startsWith("relay pair: unknown option '--bogus'");
        assertThat(relay.cli("tokens").exitCode()).isEqualTo(2);
        assertThat(relay.cli("tokens", "revoke").exitCode()).isEqualTo(2);
        assertThat(relay.cli("tokens", "allow-ips", "tok_1").exitCode()).isEqualTo(2);
        assertThat(relay.cli("tokens", "shred").exitCode()).isEqualTo(2);
        var gone = relay.cli("tokens", "revoke", "tok_nope");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("relay tokens: no live token with id tok_nope\n");
    }

    @Test
    void helpDescribesEveryCommand() {
        assertThat(relay.cli("--help").out()).contains("pair", "tokens");
        var pair = relay.cli("pair", "--help");
        assertThat(pair.exitCode()).isZero();
        assertThat(pair.out()).contains("relay pair approve [--account=NAME] CODE", "relay pair deny CODE",
                "relay pair requests", "--client");
        var tokens = relay.cli("tokens", "--help");
        assertThat(tokens.exitCode()).isZero();
        assertThat(tokens.out()).contains("tokens list", "tokens issue", "tokens revoke TOKEN_ID", "tokens allow-ips TOKEN_ID");
    }
}
