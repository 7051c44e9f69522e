package org.foundryrelay.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.foundryrelay.sim.protocol.ConnectionOptions;
import org.foundryrelay.sim.protocol.ModuleConnection;
import org.foundryrelay.sim.protocol.ModuleEndpoint;
import org.foundryrelay.sim.protocol.SimNetwork;
import org.foundryrelay.sim.world.World;

/** Simulated Foundry worlds connected to a test relay over real WebSockets, with test-sized timings. */
public final class SimWorlds implements AutoCloseable {
    /** Module timings shrunk so reconnects happen in milliseconds. */
    public static final ConnectionOptions FAST = ConnectionOptions.DEFAULTS
            .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500), 50)
            .withDuplicateRetryDelay(Duration.ofMillis(500));

    private final SimNetwork network = new SimNetwork();
    private final List<ModuleConnection> connections = new ArrayList<>();

    /** A seeded default world (GM "Gamemaster", players, an active scene with tokens). */
    public static World world(String worldId) {
        return World.builder(World.defaultWorld().fixture()).worldId(worldId).random(new SplittableRandom(7)).build();
    }

    /** Starts connecting; does not wait. */
    public ModuleConnection start(TestRelay relay, String clientId, String token, ModuleEndpoint endpoint) {
        var c = new ModuleConnection(network, relay.wsBase(), clientId, token, endpoint, FAST);
        connections.add(c);
        c.start();
        return c;
    }

    /** Connects and waits for auth-success. */
    public ModuleConnection connect(TestRelay relay, String clientId, String token, ModuleEndpoint endpoint) {
        var c = start(relay, clientId, token, endpoint);
        try {
            if (!c.awaitConnected(Duration.ofSeconds(10))) {
                throw new AssertionError("world " + clientId + " did not connect: " + c.status().describe()
                        + " last close " + c.lastClose());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return c;
    }

    /** Creates a token for the account and connects a default world under {@code clientId}. */
    public ModuleConnection connect(TestRelay relay, String account, String clientId) {
        return connect(relay, clientId, relay.connectionToken(account, clientId), world(clientId + "-world"));
    }

    public SimNetwork network() {
        return network;
    }

    @Override
    public void close() {
        connections.forEach(ModuleConnection::close);
        network.close();
    }
}
