package org.foundryrelay.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.foundryrelay.sim.SimArgs.Credential;
import org.foundryrelay.sim.protocol.ConnectionOptions;
import org.foundryrelay.sim.protocol.ConnectionStatus;
import org.foundryrelay.sim.protocol.ModuleConnection;
import org.foundryrelay.sim.protocol.ModuleEndpoint;
import org.foundryrelay.sim.world.Fixture;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.sim.protocol.PairBody;
import org.foundryrelay.sim.protocol.PairRequestBody;
import org.foundryrelay.sim.protocol.Paired;
import org.foundryrelay.sim.protocol.Pairing;
import org.foundryrelay.sim.protocol.PairingException;
import org.foundryrelay.sim.protocol.RelayUrls;
import org.foundryrelay.sim.protocol.SimNetwork;
import picocli.CommandLine;

/**
 * Runs simulated Foundry worlds against a relay: pairs (or uses given tokens), connects, prints status
 * changes, and runs until interrupted or until every world has stopped.
 */
public final class SimMain {

    private SimMain() {}

    /**
     * Worlds from the fixture (or the bundled one); worlds after the first get their own worldId and
     * title, so many can share one fixture.
     */
    public static EndpointFactory defaultEndpoints() {
        return (fixture, index) -> {
            var base = fixture == null ? Fixture.bundled() : Fixture.read(fixture);
            if (index == 0) return World.builder(base).build();
            var meta = base.meta();
            return World.builder(base).worldId(meta.worldId() + "-" + index)
                    .worldTitle(meta.worldTitle() + " " + index).build();
        };
    }

    public static void main(String[] args) {
        useSmallSocketBuffers();
        System.exit(run(args, defaultEndpoints(), System.out, System.err));
    }

    /**
     * The JDK client gives every WebSocket a 16 KiB write buffer and 16 KiB read buffers, which is
     * most of an idle world's memory. Relay messages are small, so much smaller buffers (larger
     * messages just take several writes/reads) roughly halve the footprint of thousands of worlds.
     * Explicit settings on the command line win.
     */
    static void useSmallSocketBuffers() {
        setIfAbsent("jdk.httpclient.websocket.writeBufferSize", "2048");
        setIfAbsent("jdk.httpclient.bufsize", "4096");
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) System.setProperty(property, value);
    }

    /** Runs the simulator; returns the exit status. Blocks until all worlds stop. */
    public static int run(String[] args, EndpointFactory endpoints, PrintStream out, PrintStream err) {
        var command = command(endpoints, out, err);
        command.setParameterExceptionHandler((e, ignored) -> {
            err.println("sim: " + e.getMessage() + " (see --help)");
            return 2;
        });
        command.setExecutionExceptionHandler((e, cl, parsed) -> {
            err.println("sim: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        });
        return command.execute(args);
    }

    /**
     * The simulator as a picocli command writing to {@code out} and {@code err}: {@code relay sim} adds it
     * as a subcommand. Usage errors are {@link picocli.CommandLine.ParameterException}s; a pairing the relay
     * refused or a relay that cannot be reached ends the command with a {@link SimFailure}.
     */
    public static CommandLine command(EndpointFactory endpoints, PrintStream out, PrintStream err) {
        var command = new CommandLine(new SimArgs(options -> runWorlds(options, endpoints, out)));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command;
    }

    private static int runWorlds(SimArgs options, EndpointFactory endpoints, PrintStream out) {
        try (var network = new SimNetwork()) {
            return simulate(options, endpoints, network, out);
        } catch (PairingException e) {
            throw new SimFailure(e.getMessage());
        } catch (IOException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new SimFailure("cannot reach the relay at " + RelayUrls.httpBase(options.relayUrl()) + ": " + detail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** A run that could not go on (pairing refused, relay unreachable); the message is one line for the user. */
    public static final class SimFailure extends RuntimeException {
        SimFailure(String message) {
            super(message);
        }
    }

    private static int simulate(SimArgs options, EndpointFactory endpoints, SimNetwork network, PrintStream out)
            throws IOException, InterruptedException {
        var worlds = new ArrayList<ModuleEndpoint>();
        for (int i = 0; i < options.worlds(); i++) worlds.add(endpoints.create(options.fixture(), i));

        String relayUrl = options.relayUrl();
        List<Credential> credentials = options.credentials();
        if (credentials.isEmpty()) {
            Paired paired = pair(options, worlds.getFirst(), network, out);
            out.println("paired: clientId=" + paired.clientId() + " relayUrl=" + paired.relayUrl());
            out.println("token (reuse with --token ... --client-id " + paired.clientId() + "): " + paired.token());
            if (paired.relayUrl() != null && !paired.relayUrl().isBlank()) relayUrl = paired.relayUrl();
            credentials = List.of(new Credential(paired.clientId(), paired.token()));
        }

        var connectionOptions = ConnectionOptions.DEFAULTS.withOrigin(options.origin());
        var connections = new ArrayList<ModuleConnection>();
        for (int i = 0; i < worlds.size(); i++) {
            var credential = credentials.get(i);
            var connection = new ModuleConnection(network, relayUrl, credential.clientId(), credential.token(),
                    worlds.get(i), connectionOptions);
            connection.addStatusListener(status -> out.println(describe(connection, status)));
            connections.add(connection);
        }
        var interrupted = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            interrupted.set(true);
            connections.forEach(ModuleConnection::close);
        }, "sim-shutdown");
        Runtime.getRuntime().addShutdownHook(closer);
        try {
            connections.forEach(ModuleConnection::start);
            for (var connection : connections) {
                while (!connection.awaitStatus(ConnectionStatus.Stopped.class::isInstance, Duration.ofHours(1))) {
                    // keep running
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(closer);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already closing everything
            }
            connections.forEach(ModuleConnection::close);
        }
        if (interrupted.get()) return 0;
        out.println("all worlds stopped");
        return 1;
    }

    private static Paired pair(SimArgs options, ModuleEndpoint world, SimNetwork network, PrintStream out)
            throws IOException, InterruptedException {
        var pairing = new Pairing(network.http(), RelayUrls.httpBase(options.relayUrl()));
        var info = world.info();
        String fingerprint = fingerprint(info.worldId());
        var body = PairBody.of(info, fingerprint, null, options.origin());
        if (options.pairCode() != null) return pairing.pairWithCode(options.pairCode(), body);
        var request = pairing.requestPairing(PairRequestBody.of(info, fingerprint));
        out.println("approve this world at " + request.pairUrl() + " (request " + request.code() + ")");
        return pairing.awaitApproval(request.code(), body, Pairing.MODULE_POLL_INTERVAL, Duration.ofMinutes(10));
    }

    private static String describe(ModuleConnection connection, ConnectionStatus status) {
        var line = new StringBuilder("[").append(connection.clientId()).append("] ").append(status.describe());
        var close = connection.lastClose();
        boolean afterClose = status instanceof ConnectionStatus.Waiting
                || status instanceof ConnectionStatus.Stopped s && s.reason() != ConnectionStatus.StopReason.CLOSED;
        if (afterClose && close != null) {
            line.append(" after close ").append(close.code());
            if (!close.reason().isEmpty()) line.append(" \"").append(close.reason()).append('"');
        }
        return line.toString();
    }

    /**
     * A stable stand-in for the module's random {@code serverFingerprint}: the same world pairs as the
     * same server across runs, so the relay can recognise it.
     */
    static String fingerprint(String worldId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("foundry-relay-sim:" + worldId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
