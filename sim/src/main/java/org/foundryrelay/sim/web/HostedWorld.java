package org.foundryrelay.sim.web;

import java.util.Objects;
import org.foundryrelay.sim.world.World;

/**
 * One world installed on a {@link FoundryFront}: the simulated {@link World} its game page bridges to,
 * and the module settings that world carries. Its id and title are the world's own
 * ({@code world.info().worldId()}, {@code worldTitle()}).
 */
public record HostedWorld(World world, ModuleSettings module) {

    public HostedWorld {
        Objects.requireNonNull(world, "world");
        Objects.requireNonNull(module, "module");
        if (world.info().worldId() == null || world.info().worldId().isEmpty()) {
            throw new IllegalArgumentException("the world has no worldId");
        }
    }

    /** A world whose module is paired with the relay at {@code relayUrl} as {@code clientId}. */
    public static HostedWorld paired(World world, String relayUrl, String clientId) {
        return new HostedWorld(world, ModuleSettings.paired(relayUrl, clientId));
    }

    /** A world whose module has no relay settings: its game page shows "not paired". */
    public static HostedWorld unpaired(World world) {
        return new HostedWorld(world, ModuleSettings.unpaired());
    }

    public String id() {
        return world.info().worldId();
    }

    /** The world's title, falling back to its id. */
    public String title() {
        var title = world.info().worldTitle();
        return title == null || title.isEmpty() ? id() : title;
    }
}
