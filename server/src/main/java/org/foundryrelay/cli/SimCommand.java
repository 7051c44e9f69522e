package org.foundryrelay.cli;

import java.util.List;
import org.foundryrelay.sim.EndpointFactory;
import org.foundryrelay.sim.SimMain;
import org.foundryrelay.sim.world.Fixture;
import org.foundryrelay.sim.world.World;

/** {@code sim}: runs simulated Foundry worlds against a relay (the relay need not be this process). */
final class SimCommand implements Command {

    /** Worlds from the fixture (or the bundled one); worlds after the first get their own worldId. */
    static final EndpointFactory WORLDS = (fixture, index) -> {
        var base = fixture == null ? Fixture.bundled() : Fixture.read(fixture);
        if (index == 0) return World.builder(base).build();
        var meta = base.meta();
        return World.builder(base).worldId(meta.worldId() + "-" + index).worldTitle(meta.worldTitle() + " " + index).build();
    };

    @Override
    public String usage() {
        var help = new java.io.ByteArrayOutputStream();
        var stream = new java.io.PrintStream(help, true, java.nio.charset.StandardCharsets.UTF_8);
        SimMain.run(new String[] {"--help"}, WORLDS, stream, stream);
        return "relay " + help.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public int run(List<String> args, CliContext ctx) {
        return SimMain.run(args.toArray(String[]::new), WORLDS, ctx.out(), ctx.err());
    }
}
