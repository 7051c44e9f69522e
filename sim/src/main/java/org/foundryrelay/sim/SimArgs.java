package org.foundryrelay.sim;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.foundryrelay.sim.protocol.RelayUrls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The simulator's command line, parsed by picocli; {@link #call()} checks what picocli cannot (which
 * options go together, the URLs, the files) and hands the result to the runner {@link SimMain} gave it.
 */
@Command(name = "sim", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "connect simulated Foundry worlds to a relay, speaking the Foundry REST API module's protocol",
            "A world joins the relay the way the module does: with a pairing code (from `relay pair` or the"
                + " relay's dashboard), with the device flow (--pair-request: the relay's operator approves the"
                + " world with `relay pair approve CODE` or in the dashboard), or with a token it already has."},
        footer = {"", "Runs until interrupted (Ctrl-C). Exit status: 0 when interrupted, 1 when every world stopped"
                + " on its own or pairing failed, 2 on bad usage."})
final class SimArgs implements Callable<Integer> {

    static final String DEFAULT_RELAY = "ws://127.0.0.1:3010";
    static final String DEFAULT_ORIGIN = "http://127.0.0.1:30000";

    /** A world's relay identity when no pairing is done. */
    record Credential(String clientId, String token) {}

    /** What runs once the command line is known to be good. */
    @FunctionalInterface
    interface Runner {
        int run(SimArgs args) throws Exception;
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--relay", paramLabel = "URL", defaultValue = DEFAULT_RELAY,
            description = "Relay WebSocket address (default ${DEFAULT-VALUE}); /relay is optional, the HTTP address"
                    + " for pairing is derived from it.")
    private String relayUrl;

    @Option(names = "--pair", paramLabel = "CODE",
            description = "Exchange a pairing code (from `relay pair` or the dashboard) for a token.")
    private String pairCode;

    @Option(names = "--pair-request",
            description = "Device flow: ask the relay to pair, print the approval URL and request code, and wait"
                    + " until the relay's operator approves it.")
    private boolean pairRequest;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Connection token of a paired world; repeat with --client-id for more worlds.")
    private List<String> tokens = new ArrayList<>();

    @Option(names = "--client-id", paramLabel = "ID",
            description = "Relay clientId belonging to the --token at the same position.")
    private List<String> clientIds = new ArrayList<>();

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "One world per line: \"clientId token\" (# comments allowed); `relay tokens issue` prints this.")
    private Path credentialsFile;

    @Option(names = "--fixture", paramLabel = "PATH", description = "World fixture to load (default: the built-in world).")
    private Path fixture;

    @Option(names = "--worlds", paramLabel = "N",
            description = "Number of worlds; each needs its own token, so N must match the given credentials"
                    + " (pairing yields exactly one). Worlds after the first get distinct worldIds.")
    private Integer worldsOption;

    @Option(names = "--origin", paramLabel = "URL", defaultValue = DEFAULT_ORIGIN,
            description = "Origin header, i.e. the world's public URL (default ${DEFAULT-VALUE}).")
    private String origin;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    private final Runner runner;
    private List<Credential> credentials = List.of();
    private int worlds = 1;

    SimArgs(Runner runner) {
        this.runner = runner;
    }

    @Override
    public Integer call() throws Exception {
        check();
        return runner.run(this);
    }

    String relayUrl() {
        return relayUrl;
    }

    String pairCode() {
        return pairCode;
    }

    List<Credential> credentials() {
        return credentials;
    }

    Path fixture() {
        return fixture;
    }

    int worlds() {
        return worlds;
    }

    String origin() {
        return origin;
    }

    private void check() {
        try {
            RelayUrls.webSocketBase(relayUrl);
        } catch (IllegalArgumentException e) {
            throw usage("bad --relay: " + e.getMessage());
        }
        checkOrigin();
        if (fixture != null && !Files.exists(fixture)) throw usage("fixture not found: " + fixture);
        if (tokens.size() != clientIds.size()) {
            throw usage("give one --client-id per --token (got " + clientIds.size() + " and " + tokens.size() + ")");
        }
        var all = new ArrayList<Credential>();
        for (int i = 0; i < tokens.size(); i++) all.add(new Credential(clientIds.get(i), tokens.get(i)));
        if (credentialsFile != null) all.addAll(readCredentials(credentialsFile));

        int modes = (pairCode != null ? 1 : 0) + (pairRequest ? 1 : 0) + (all.isEmpty() ? 0 : 1);
        if (modes == 0) throw usage("need --pair CODE, --pair-request, or --token T --client-id ID");
        if (modes > 1) throw usage("choose one of --pair, --pair-request and --token/--credentials");
        int count = all.isEmpty() ? 1 : all.size();
        if (worldsOption != null && worldsOption < 1) throw usage("--worlds needs a positive number, not " + worldsOption);
        if (worldsOption != null && worldsOption != count) {
            throw usage(all.isEmpty()
                    ? "--worlds > 1 needs one token per world (--token/--client-id pairs or --credentials); pairing yields one"
                    : "--worlds " + worldsOption + " but " + count + " credential(s) given; each world needs its own");
        }
        credentials = List.copyOf(all);
        worlds = count;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The relay keeps {@code Origin} only as a bare http(s) origin; anything else is surely a typo. */
    private void checkOrigin() {
        try {
            URI uri = URI.create(origin);
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null && uri.getRawFragment() == null;
            if (web && uri.getHost() != null && bare) return;
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw usage("--origin must look like http://host:port, not '" + origin + "'");
    }

    /** Lines of {@code clientId token}; blank lines and lines starting with # are skipped. */
    private List<Credential> readCredentials(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw usage("cannot read credentials file " + file + ": " + e.getMessage());
        }
        var result = new ArrayList<Credential>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s+");
            if (parts.length != 2) throw usage(file + ":" + (n + 1) + ": expected 'clientId token'");
            result.add(new Credential(parts[0], parts[1]));
        }
        if (result.isEmpty()) throw usage("no credentials in " + file);
        return result;
    }
}
