package org.foundryrelay.cli;

import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.foundryrelay.testing.RelayExtension;

/** The admin CLI against the store of a running env.relay(), as an operator uses it. */
class CliEndToEndTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of());



    @Test
    void createAccountAndKeyThenCallThenRevoke() throws Exception {
        var account = env.relay().cli("accounts", "create", "guild");
        assertThat(account.exitCode()).isZero();
        assertThat(env.relay().cli("accounts", "list").out()).contains("guild");

        var created = env.relay().cli("keys", "create", "--account", "guild", "--name", "discord-bot",
                "--scopes", "clients:read,roll:execute", "--expires", "30d");
        assertThat(created.exitCode()).isZero();
        var key = created.out().trim();
        assertThat(key).as("stdout holds the key alone").matches("[0-9a-f]{64}");

        assertThat(Http.get(env.relay().uri("/api/key"), "x-api-key", key).statusCode()).isEqualTo(200);

        var listed = env.relay().cli("keys", "list", "--account", "guild");
        assertThat(listed.out()).contains("discord-bot", key.substring(0, 8) + "...", "expires=")
                .doesNotContain(key);
        var keyId = listed.out().trim().split("\\s+")[0];

        var revoked = env.relay().cli("keys", "revoke", keyId);
        assertThat(revoked.exitCode()).isZero();
        var after = Http.get(env.relay().uri("/api/key"), "x-api-key", key);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.body()).isEqualTo("{\"error\":\"Invalid API key\"}");
        assertThat(env.relay().cli("keys", "revoke", keyId).exitCode()).as("revoking twice").isEqualTo(1);
    }

    @Test
    void theStoreHoldsOnlyHashesOfKeys() throws Exception {
        var key = env.relay().key("hashes", "all");
        var db = Files.readAllBytes(env.relay().dataDir().resolve("relay.db"));
        var wal = env.relay().dataDir().resolve("relay.db-wal");
        var all = new String(db, java.nio.charset.StandardCharsets.ISO_8859_1)
                + (Files.exists(wal) ? new String(Files.readAllBytes(wal), java.nio.charset.StandardCharsets.ISO_8859_1) : "");
        assertThat(all).doesNotContain(key).contains(org.foundryrelay.auth.Secrets.sha256(key));
    }

    @Test
    void theStoreHoldsNoPlainPairingCode() throws Exception {
        env.relay().cli("accounts", "create", "pairs");
        var code = env.relay().cli("pair", "--account", "pairs").out().trim();
        assertThat(code).matches("[A-Z0-9]{6}");
        var request = org.foundryrelay.testing.Pairings.json(Http.post(env.relay().uri("/auth/pair-request"),
                "{\"worldId\":\"w2\",\"worldTitle\":\"Second\"}")).get("code").asText();
        assertThat(env.relay().cli("pair", "approve", request, "--account", "pairs").exitCode()).isZero();
        var collected = org.foundryrelay.testing.Pairings.json(Http.get(env.relay().uri("/auth/pair-request/" + request + "/status")))
                .get("pairingCode").asText();
        var db = Files.readAllBytes(env.relay().dataDir().resolve("relay.db"));
        var wal = env.relay().dataDir().resolve("relay.db-wal");
        var all = new String(db, java.nio.charset.StandardCharsets.ISO_8859_1)
                + (Files.exists(wal) ? new String(Files.readAllBytes(wal), java.nio.charset.StandardCharsets.ISO_8859_1) : "");
        assertThat(all).doesNotContain(code).contains(org.foundryrelay.auth.Secrets.sha256(code))
                .doesNotContain(request).contains(org.foundryrelay.auth.Secrets.sha256(request))
                .doesNotContain(collected).contains(org.foundryrelay.auth.Secrets.sha256(collected));
        // and the code still pairs
        var paired = org.foundryrelay.testing.Pairings.pair(env.relay(), java.util.Map.of("code", code, "worldId", "w"));
        assertThat(paired.statusCode()).isEqualTo(200);
    }

    @Test
    void badUsageExitsTwoWithAClearMessage() {
        var noScopes = env.relay().cli("keys", "create", "--account", "x", "--name", "k");
        assertThat(noScopes.exitCode()).isEqualTo(2);
        assertThat(noScopes.err()).startsWith("relay keys: missing required option").contains("--scopes");

        var badScope = env.relay().cli("keys", "create", "--account", "x", "--name", "k", "--scopes", "roll:read,nope");
        assertThat(badScope.exitCode()).isEqualTo(2);
        assertThat(badScope.err()).contains("Invalid scope: nope");

        var noAccount = env.relay().cli("keys", "create", "--account", "ghost", "--name", "k", "--scopes", "all");
        assertThat(noAccount.exitCode()).isEqualTo(2);
        assertThat(noAccount.err()).contains("no account named 'ghost'");

        var badExpiry = env.relay().cli("keys", "create", "--account", "x", "--name", "k", "--scopes", "all", "--expires", "soon");
        assertThat(badExpiry.exitCode()).isEqualTo(2);
        assertThat(badExpiry.err()).contains("--expires");

        assertThat(env.relay().cli("keys", "create", "--bogus", "1").err()).startsWith("relay keys: unknown option '--bogus'");
        assertThat(env.relay().cli("frobnicate").exitCode()).isEqualTo(2);
        assertThat(env.relay().cli("accounts", "create").exitCode()).isEqualTo(2);
        assertThat(env.relay().cli("accounts", "create", "bad name!").err()).contains("account name");
        var dup = env.relay().cli("accounts", "create", "dupe");
        assertThat(dup.exitCode()).isZero();
        assertThat(env.relay().cli("accounts", "create", "dupe").err()).contains("already exists");
    }

    @Test
    void helpIsAvailableEverywhere() {
        assertThat(env.relay().cli("--help").out()).contains("accounts", "keys", "serve");
        var keysHelp = env.relay().cli("keys", "--help");
        assertThat(keysHelp.exitCode()).isZero();
        assertThat(keysHelp.out()).contains("--scopes", "session:manage", "events:subscribe");
        assertThat(env.relay().cli("accounts", "--help").out()).contains("relay accounts create", "NAME", "--password-stdin");
    }

    @Test
    void anInvalidConfigurationStopsWithExitTwoNamingTheVariable() {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int code = Cli.run(java.util.List.of("accounts", "list"), java.util.Map.of("PER_MINUTE_REQUEST_LIMIT", "lots"),
                new java.io.PrintStream(out), new java.io.PrintStream(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("PER_MINUTE_REQUEST_LIMIT").hasLineCount(1);
    }
}
