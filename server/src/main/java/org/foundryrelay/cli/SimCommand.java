package org.foundryrelay.cli;

import java.util.List;
import org.foundryrelay.sim.SimMain;

/** {@code sim}: runs simulated Foundry worlds against a relay (the relay need not be this process). */
final class SimCommand implements Command {

    @Override
    public String usage() {
        var help = new java.io.ByteArrayOutputStream();
        var stream = new java.io.PrintStream(help, true, java.nio.charset.StandardCharsets.UTF_8);
        SimMain.run(new String[] {"--help"}, SimMain.defaultEndpoints(), stream, stream);
        return "relay " + help.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public int run(List<String> args, CliContext ctx) {
        return SimMain.run(args.toArray(String[]::new), SimMain.defaultEndpoints(), ctx.out(), ctx.err());
    }
}
