package org.foundryrelay.cli;

import java.util.List;
import org.foundryrelay.Relay;

/** {@code serve}: runs the relay until the process is told to stop. */
final class ServeCommand implements Command {

    @Override
    public String usage() {
        return """
                Usage:
                  relay [serve]   run the relay (configuration comes from environment variables; see README)
                """;
    }

    @Override
    public int run(List<String> args, CliContext ctx) {
        if (!args.isEmpty()) throw new UsageException("serve takes no arguments; configure it with environment variables");
        var relay = Relay.start(ctx.config());
        return UntilStopped.await(relay::close);
    }
}
