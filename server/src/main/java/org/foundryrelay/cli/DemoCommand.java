package org.foundryrelay.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import org.foundryrelay.Relay;
import org.foundryrelay.auth.ConnectionTokens;
import org.foundryrelay.auth.KeySpec;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.auth.Secrets;
import org.foundryrelay.config.Config;
import org.foundryrelay.sim.protocol.ConnectionOptions;
import org.foundryrelay.sim.protocol.ModuleConnection;
import org.foundryrelay.sim.protocol.SimNetwork;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.store.Database;
import org.foundryrelay.store.TokenRepository;

/**
 * {@code demo}: a relay with a simulated world already paired, a ready API key, and curl lines that work
 * as printed. State goes to a temporary directory unless DATA_DIR is set.
 */
final class DemoCommand implements Command {

    @Override
    public String usage() {
        return """
                Usage:
                  relay demo   start a relay with a simulated Foundry world paired to it and print a ready
                               API key and curl lines to try (PORT and DATA_DIR apply; Ctrl-C stops)
                """;
    }

    @Override
    public int run(List<String> args, CliContext ctx) {
        if (!args.isEmpty()) throw new UsageException("demo takes no arguments");
        var env = new HashMap<>(ctx.env());
        try {
            if (!env.containsKey("DATA_DIR")) env.put("DATA_DIR", Files.createTempDirectory("relay-demo").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var config = Config.from(env);
        var relay = Relay.start(config);
        String key;
        String clientId = "fvtt_" + Secrets.randomHex(8);
        String token;
        try (var db = Database.open(config.database())) {
            var keys = new CliContext(ctx.out(), ctx.err(), env).keys();
            var account = keys.account("demo").orElseGet(() -> keys.createAccount("demo"));
            key = keys.createKey(new KeySpec("demo", "demo key", java.util.EnumSet.allOf(Scope.class), List.of(), null,
                    java.util.Map.of(), null, null)).plainKey();
            token = new ConnectionTokens(new TokenRepository(db), Clock.systemUTC())
                    .issue(account.id(), clientId, "demo", "Simulated world").plainToken();
        }
        var network = new SimNetwork();
        var world = World.defaultWorld();
        var connection = new ModuleConnection(network, "ws://127.0.0.1:" + relay.port(), clientId, token, world,
                ConnectionOptions.DEFAULTS);
        connection.start();
        try {
            if (!connection.awaitConnected(Duration.ofSeconds(15))) {
                ctx.err().println("relay demo: the simulated world did not connect: " + connection.status().describe());
                connection.close();
                relay.close();
                return 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        var base = "http://localhost:" + relay.port();
        var out = ctx.out();
        out.println();
        out.println("Foundry Relay demo on " + base + " with the simulated world \"" + world.info().worldTitle()
                + "\" (clientId " + clientId + ").");
        out.println("API key (all scopes): " + key);
        out.println();
        out.println("Try:");
        out.println("  curl -s " + base + "/clients -H 'x-api-key: " + key + "'");
        out.println("  curl -s -X POST " + base + "/roll -H 'x-api-key: " + key + "' -H 'Content-Type: application/json' -d '{\"formula\":\"2d20kh\"}'");
        out.println("  curl -s -X POST " + base + "/start-encounter -H 'x-api-key: " + key + "' -H 'Content-Type: application/json' -d '{\"startWithPlayers\":true}'");
        out.println();
        out.println("Ctrl-C stops the demo.");
        out.flush();
        return UntilStopped.await(() -> {
            connection.close();
            network.close();
            relay.close();
        });
    }
}
