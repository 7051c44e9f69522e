package org.foundryrelay.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Callable;
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
import org.foundryrelay.json.Json;
import org.foundryrelay.store.ApiKeyRepository;
import org.foundryrelay.store.Database;
import org.foundryrelay.store.TokenRepository;
import picocli.CommandLine.Command;

/**
 * {@code demo}: a relay with a simulated world already paired, a ready API key, and curl lines that work
 * as printed. State goes to a temporary directory (removed on exit) unless DATA_DIR is set; with DATA_DIR,
 * a rerun reuses the demo's key and world, whose credentials the demo keeps as a client would, in an
 * owner-only file there (the store itself holds only their hashes).
 */
@Command(name = "demo", description = {"a relay with a simulated Foundry world paired to it, a ready API key and curl"
        + " lines to try", "PORT and DATA_DIR apply; Ctrl-C stops it."})
final class DemoCommand implements Callable<Integer> {
    private final CliContext ctx;

    DemoCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The demo's own client credentials, kept (owner-readable only) so a rerun on the same DATA_DIR reuses them. */
    private record DemoClient(String clientId, String token, String key) {}

    private static final String STATE_FILE = "demo-client.json";

    @Override
    public Integer call() {
        var env = new HashMap<>(ctx.env());
        Path temporary = null;
        try {
            if (!env.containsKey("DATA_DIR")) {
                temporary = Files.createTempDirectory("relay-demo");
                env.put("DATA_DIR", temporary.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var config = Config.from(env);
        var relay = Relay.start(config);
        var cleanupDir = temporary;
        DemoClient client;
        boolean reused;
        try (var db = Database.open(config.database())) {
            var keys = new CliContext(ctx.out(), ctx.err(), env).keys();
            var tokens = new ConnectionTokens(new TokenRepository(db), Clock.systemUTC());
            var saved = load(config.dataDir());
            reused = saved != null && stillValid(saved, db, tokens);
            if (reused) {
                client = saved;
            } else {
                var account = keys.account("demo").orElseGet(() -> keys.createAccount("demo"));
                var clientId = "fvtt_" + Secrets.randomHex(8);
                var key = keys.createKey(new KeySpec("demo", "demo key", java.util.EnumSet.allOf(Scope.class), List.of(), null,
                        java.util.Map.of(), null, null)).plainKey();
                var token = tokens.issue(account.id(), clientId, "demo", "Simulated world").plainToken();
                client = new DemoClient(clientId, token, key);
                if (temporary == null) save(config.dataDir(), client);
            }
        } catch (RuntimeException e) {
            relay.close();
            deleteQuietly(cleanupDir);
            throw e;
        }
        var clientId = client.clientId();
        var key = client.key();
        var token = client.token();
        var network = new SimNetwork();
        var world = World.defaultWorld();
        var connection = new ModuleConnection(network, "ws://127.0.0.1:" + relay.port(), clientId, token, world,
                ConnectionOptions.DEFAULTS);
        connection.start();
        try {
            if (!connection.awaitConnected(Duration.ofSeconds(15))) {
                connection.close();
                relay.close();
                deleteQuietly(cleanupDir);
                throw new IllegalStateException("the simulated world did not connect: " + connection.status().describe());
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
        out.println("API key (all scopes" + (reused ? ", the same as last time" : "") + "): " + key);
        out.println();
        out.println("Try:");
        out.println("  curl -s " + base + "/clients -H 'x-api-key: " + key + "'");
        out.println("  curl -s -X POST " + base + "/roll -H 'x-api-key: " + key + "' -H 'Content-Type: application/json' -d '{\"formula\":\"2d20kh\"}'");
        out.println("  curl -s -X POST " + base + "/start-encounter -H 'x-api-key: " + key + "' -H 'Content-Type: application/json' -d '{\"startWithPlayers\":true}'");
        out.println();
        out.println(cleanupDir == null ? "Ctrl-C stops the demo; a rerun with the same DATA_DIR reuses this key and world."
                : "Ctrl-C stops the demo and removes its temporary data.");
        out.flush();
        return UntilStopped.await(() -> {
            connection.close();
            network.close();
            relay.close();
            deleteQuietly(cleanupDir);
        });
    }

    private static DemoClient load(Path dataDir) {
        var file = dataDir.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) return null;
        try {
            return Json.MAPPER.readValue(file.toFile(), DemoClient.class);
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: start afresh
        }
    }

    private static boolean stillValid(DemoClient saved, Database db, ConnectionTokens tokens) {
        var key = new ApiKeyRepository(db).findByHash(Secrets.sha256(saved.key()));
        return key.isPresent() && key.get().enabled() && tokens.find(saved.token()).isPresent();
    }

    private static void save(Path dataDir, DemoClient client) {
        var file = dataDir.resolve(STATE_FILE);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Json.write(client));
        } catch (IOException | UnsupportedOperationException e) {
            // the demo still works; a rerun just makes a new key
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
