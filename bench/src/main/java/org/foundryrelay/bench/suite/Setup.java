package org.foundryrelay.bench.suite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.foundryrelay.bench.proc.RelayProcess;
import org.foundryrelay.sim.protocol.PairBody;
import org.foundryrelay.sim.protocol.Pairing;
import org.foundryrelay.sim.world.Fixture;
import org.foundryrelay.sim.world.World;

/**
 * Sets a relay up the way an operator would: an account and an all-scopes key through the relay's CLI,
 * then worlds paired with codes from {@code relay pair} (exchanged as the module does), or, for
 * thousands of worlds, credentials from {@code relay tokens issue}.
 */
final class Setup {
    static final String ACCOUNT = "bench";

    private Setup() {}

    /** Creates the bench account and returns a new all-scopes API key. */
    static String apiKey(RelayProcess relay) throws IOException, InterruptedException {
        relay.cli("accounts", "create", ACCOUNT);
        var key = relay.cli("keys", "create", "--account", ACCOUNT, "--name", "load", "--scopes", "all").trim();
        if (!key.matches("[0-9a-f]{16,}")) throw new IOException("unexpected key output: " + key);
        return key;
    }

    /** Pairs {@code n} worlds with one pairing code each; writes "clientId token" lines to {@code file}. */
    static Path pairWorlds(RelayProcess relay, int n, Path file) throws IOException, InterruptedException {
        var fixture = Fixture.bundled();
        var lines = new ArrayList<String>();
        try (var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            var pairing = new Pairing(http, URI.create("http://127.0.0.1:" + relay.port()));
            for (int i = 0; i < n; i++) {
                var code = relay.cli("pair", "--account", ACCOUNT).trim();
                var info = World.builder(fixture).worldId("bench-world-" + i).build().info();
                var paired = pairing.pairWithCode(code, PairBody.of(info, "bench-fingerprint-" + i, null,
                        "http://127.0.0.1:30000"));
                lines.add(paired.clientId() + " " + paired.token());
            }
        }
        Files.write(file, lines);
        return file;
    }

    /** Issues {@code n} world credentials in bulk; writes them to {@code file}. */
    static Path issueTokens(RelayProcess relay, int n, Path file) throws IOException, InterruptedException {
        var out = relay.cli("tokens", "issue", "--account", ACCOUNT, "--count", Integer.toString(n), "--name", "bench");
        Files.writeString(file, out);
        long count = out.lines().filter(l -> !l.isBlank()).count();
        if (count != n) throw new IOException("tokens issue printed " + count + " lines, expected " + n);
        return file;
    }

    /** The client id on line {@code index} of a credentials file. */
    static String clientId(Path credentials, int index) throws IOException {
        return Files.readAllLines(credentials).get(index).split(" ")[0];
    }
}
