package org.foundryrelay.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.foundryrelay.sim.protocol.ModuleEndpoint;
import org.foundryrelay.sim.protocol.WorldInfo;
import org.foundryrelay.sim.world.World;

/**
 * One module connection whose world can be replaced by a fresh one between calls, so each call of a long
 * generated test starts from the bundled world without reconnecting.
 */
public final class SwappableWorld implements ModuleEndpoint {
    private final Supplier<World> factory;
    private volatile World current;
    private volatile Consumer<ObjectNode> outbox;

    public SwappableWorld(Supplier<World> factory) {
        this.factory = factory;
        this.current = factory.get();
    }

    /** Replaces the world with a fresh one and returns it. */
    public World reset() {
        var fresh = factory.get();
        fresh.attach(outbox);
        var old = current;
        current = fresh;
        old.attach(null);
        return fresh;
    }

    public World current() {
        return current;
    }

    @Override
    public WorldInfo info() {
        return current.info();
    }

    @Override
    public ObjectNode playerList() {
        return current.playerList();
    }

    @Override
    public ObjectNode handle(ObjectNode message) {
        return current.handle(message);
    }

    @Override
    public void attach(Consumer<ObjectNode> outbox) {
        this.outbox = outbox;
        current.attach(outbox);
    }
}
