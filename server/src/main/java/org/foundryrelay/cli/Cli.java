package org.foundryrelay.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.foundryrelay.config.ConfigException;
import org.foundryrelay.http.ListenException;
import org.foundryrelay.store.StoreException;

/** The relay's command line: {@code serve} (the default) and the admin commands over the same store. */
public final class Cli {
    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("serve", new ServeCommand());
        COMMANDS.put("accounts", new AccountsCommand());
        COMMANDS.put("keys", new KeysCommand());
        COMMANDS.put("sim", new SimCommand());
        COMMANDS.put("demo", new DemoCommand());
        COMMANDS.put("pair", new PairCommand());
        COMMANDS.put("tokens", new TokensCommand());
    }

    private Cli() {}

    /** Runs one command line; returns the process exit code (0 ok, 1 failed, 2 bad usage or configuration). */
    public static int run(List<String> argv, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(argv, env, System.in, out, err);
    }

    /** As {@link #run(List, Map, PrintStream, PrintStream)}, reading passwords from {@code in} when there is no console. */
    public static int run(List<String> argv, Map<String, String> env, java.io.InputStream in, PrintStream out, PrintStream err) {
        var name = argv.isEmpty() ? "serve" : argv.getFirst();
        if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
            out.print(overview());
            return 0;
        }
        var command = COMMANDS.get(name);
        if (command == null) {
            err.println("relay: unknown command '" + name + "'");
            err.print(overview());
            return 2;
        }
        var rest = argv.isEmpty() ? List.<String>of() : argv.subList(1, argv.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(command.usage());
            return 0;
        }
        try (var ctx = new CliContext(in, out, err, env)) {
            return command.run(rest, ctx);
        } catch (UsageException e) {
            err.println("relay " + name + ": " + e.getMessage());
            err.print(command.usage());
            return 2;
        } catch (ConfigException e) {
            err.println("relay: configuration error: " + e.getMessage());
            return 2;
        } catch (StoreException | ListenException e) {
            err.println("relay " + name + ": " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("relay " + name + ": " + e.getMessage());
            return 2;
        }
    }

    private static String overview() {
        return """
                Foundry Relay: drive Foundry VTT worlds over HTTP.

                Usage: relay [COMMAND] [ARGS]   (relay COMMAND --help for details)
                  serve       run the relay (default)
                  accounts    create, list, promote and disable accounts; set passwords, reset links
                  keys        create, list, revoke, disable and enable scoped API keys
                  sim         run simulated Foundry worlds against a relay
                  demo        a relay with a simulated world paired, a ready key and curl lines to try
                  pair        pair a Foundry world: print a code, or approve a world's pair request
                  tokens      list, issue, revoke and restrict the connection tokens of worlds
                """;
    }
}
