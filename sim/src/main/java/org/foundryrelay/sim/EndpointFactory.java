package org.foundryrelay.sim;

import java.io.IOException;
import java.nio.file.Path;
import org.foundryrelay.sim.protocol.ModuleEndpoint;

/** Creates the world behind one simulated connection of {@link SimMain}. */
@FunctionalInterface
public interface EndpointFactory {

    /**
     * @param fixture the {@code --fixture} file, or null for the default world
     * @param index   0-based number of the world in this process; worlds with {@code index > 0} must
     *                report a worldId distinct from world 0 (e.g. with a {@code -<index>} suffix)
     */
    ModuleEndpoint create(Path fixture, int index) throws IOException;
}
