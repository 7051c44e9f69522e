package org.foundryrelay.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.foundryrelay.Relay;
import org.foundryrelay.cli.Cli;
import org.foundryrelay.config.Config;

/**
 * The real relay on a free loopback port with its own data directory, plus the admin CLI run against
 * the same store, exactly as an operator would use it.
 */
public final class TestRelay implements AutoCloseable {
    private final Map<String, String> env;
    private final Path dataDir;
    private Relay relay;

    private TestRelay(Map<String, String> env, Path dataDir) {
        this.env = env;
        this.dataDir = dataDir;
    }

    /** Starts a relay on SQLite in a new temporary directory, with extra environment variables. */
    public static TestRelay start(Map<String, String> extraEnv) {
        try {
            var dir = Files.createTempDirectory("relay-test");
            var env = new HashMap<String, String>();
            env.put("PORT", "0");
            env.put("HOST", "127.0.0.1");
            env.put("DATA_DIR", dir.toString());
            env.putAll(extraEnv);
            var r = new TestRelay(Map.copyOf(env), dir);
            r.relay = Relay.start(Config.from(r.env));
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestRelay start() {
        return start(Map.of());
    }

    public Relay relay() {
        return relay;
    }

    public Map<String, String> env() {
        return env;
    }

    public Path dataDir() {
        return dataDir;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + relay.port() + pathAndQuery);
    }

    public String wsBase() {
        return "ws://127.0.0.1:" + relay.port();
    }

    /** The outcome of one CLI run. */
    public record CliRun(int exitCode, String out, String err) {}

    /** Runs the admin CLI against this relay's store. */
    public CliRun cli(String... argv) {
        return cliWithInput("", argv);
    }

    /** Runs the admin CLI with {@code stdin} as its standard input (a password, say). */
    public CliRun cliWithInput(String stdin, String... argv) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
             var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Cli.run(List.of(argv), env, new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Creates the account if needed and a key with the given scopes; returns the plain key. */
    public String key(String account, String scopes, String... extra) {
        cli("accounts", "create", account);
        var argv = new ArrayList<>(List.of("keys", "create", "--account", account, "--name", "test", "--scopes", scopes));
        argv.addAll(List.of(extra));
        var run = cli(argv.toArray(String[]::new));
        if (run.exitCode() != 0) throw new IllegalStateException("key creation failed: " + run.err());
        return run.out().trim();
    }

    /**
     * Issues a connection token for the account (created if needed) straight through the store, as
     * pairing would; {@code clientId} null leaves it unbound, like a headless session's token.
     */
    public String connectionToken(String account, String clientId) {
        cli("accounts", "create", account);
        try (var db = org.foundryrelay.store.Database.open(Config.from(env).database())) {
            var acc = new org.foundryrelay.store.AccountRepository(db).findByName(account).orElseThrow();
            var tokens = new org.foundryrelay.auth.ConnectionTokens(new org.foundryrelay.store.TokenRepository(db),
                    java.time.Clock.systemUTC());
            return tokens.issue(acc.id(), clientId, "pairing", "test").plainToken();
        }
    }

    /** Revokes a token from another store handle, as the CLI would while the relay runs. */
    public void revokeToken(String plainToken) {
        try (var db = org.foundryrelay.store.Database.open(Config.from(env).database())) {
            var tokens = new org.foundryrelay.auth.ConnectionTokens(new org.foundryrelay.store.TokenRepository(db),
                    java.time.Clock.systemUTC());
            var record = tokens.find(plainToken).orElseThrow();
            tokens.revoke(record.id());
        }
    }

    /** Stops the relay (a restart can follow with {@link #restart}). */
    public void stop() {
        if (relay != null) relay.close();
        relay = null;
    }

    /** Starts the relay again on the same data directory and port, as a restarted server would. */
    public void restart() {
        var port = Integer.toString(relay.port());
        stop();
        var again = new HashMap<>(env);
        again.put("PORT", port);
        relay = Relay.start(Config.from(again));
    }

    /** Stops the relay and removes its data directory. */
    @Override
    public void close() {
        stop();
        deleteRecursively(dataDir);
    }

    /** Removes a directory tree; what cannot be removed is left (the OS cleans its temp space). */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
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
