package org.foundryrelay.sim;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.foundryrelay.sim.protocol.RelayUrls;

/** The parsed and checked command line of {@link SimMain}. */
record SimArgs(boolean help, String relayUrl, String pairCode, boolean pairRequest, List<Credential> credentials,
               Path fixture, int worlds, String origin) {

    static final String DEFAULT_RELAY = "ws://127.0.0.1:3010";
    static final String DEFAULT_ORIGIN = "http://127.0.0.1:30000";

    /** A world's relay identity when no pairing is done. */
    record Credential(String clientId, String token) {}

    /** A command line that cannot be run; the message is one line for the user. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static SimArgs parse(String[] args) throws UsageException {
        String relay = DEFAULT_RELAY;
        String origin = DEFAULT_ORIGIN;
        String pairCode = null;
        boolean pairRequest = false;
        Path fixture = null;
        Path credentialsFile = null;
        Integer worlds = null;
        List<String> tokens = new ArrayList<>();
        List<String> clientIds = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return new SimArgs(true, relay, null, false, List.of(), null, 0, origin);
                }
                case "--pair-request" -> pairRequest = true;
                case "--relay" -> relay = value(args, ++i, arg);
                case "--pair" -> pairCode = value(args, ++i, arg);
                case "--token" -> tokens.add(value(args, ++i, arg));
                case "--client-id" -> clientIds.add(value(args, ++i, arg));
                case "--credentials" -> credentialsFile = Path.of(value(args, ++i, arg));
                case "--fixture" -> fixture = Path.of(value(args, ++i, arg));
                case "--origin" -> origin = value(args, ++i, arg);
                case "--worlds" -> worlds = positive(value(args, ++i, arg));
                default -> throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        try {
            RelayUrls.webSocketBase(relay);
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad --relay: " + e.getMessage());
        }
        checkOrigin(origin);
        if (fixture != null && !Files.exists(fixture)) throw new UsageException("fixture not found: " + fixture);
        if (tokens.size() != clientIds.size()) {
            throw new UsageException("give one --client-id per --token (got " + clientIds.size() + " and " + tokens.size() + ")");
        }
        var credentials = new ArrayList<Credential>();
        for (int i = 0; i < tokens.size(); i++) credentials.add(new Credential(clientIds.get(i), tokens.get(i)));
        if (credentialsFile != null) credentials.addAll(readCredentials(credentialsFile));

        int modes = (pairCode != null ? 1 : 0) + (pairRequest ? 1 : 0) + (credentials.isEmpty() ? 0 : 1);
        if (modes == 0) throw new UsageException("need --pair CODE, --pair-request, or --token T --client-id ID");
        if (modes > 1) throw new UsageException("choose one of --pair, --pair-request and --token/--credentials");
        int count = credentials.isEmpty() ? 1 : credentials.size();
        if (worlds != null && worlds != count) {
            throw new UsageException(credentials.isEmpty()
                    ? "--worlds > 1 needs one token per world (--token/--client-id pairs or --credentials); pairing yields one"
                    : "--worlds " + worlds + " but " + count + " credential(s) given; each world needs its own");
        }
        return new SimArgs(false, relay, pairCode, pairRequest, List.copyOf(credentials), fixture, count, origin);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) throw new UsageException(option + " needs a value");
        return args[i];
    }

    private static int positive(String text) throws UsageException {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("--worlds needs a positive number, not '" + text + "'");
    }

    /** The relay keeps {@code Origin} only as a bare http(s) origin; anything else is surely a typo. */
    private static void checkOrigin(String origin) throws UsageException {
        try {
            URI uri = URI.create(origin);
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null && uri.getRawFragment() == null;
            if (web && uri.getHost() != null && bare) return;
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new UsageException("--origin must look like http://host:port, not '" + origin + "'");
    }

    /** Lines of {@code clientId token}; blank lines and lines starting with # are skipped. */
    private static List<Credential> readCredentials(Path file) throws UsageException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UsageException("cannot read credentials file " + file + ": " + e.getMessage());
        }
        var result = new ArrayList<Credential>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s+");
            if (parts.length != 2) throw new UsageException(file + ":" + (n + 1) + ": expected 'clientId token'");
            result.add(new Credential(parts[0], parts[1]));
        }
        if (result.isEmpty()) throw new UsageException("no credentials in " + file);
        return result;
    }
}
