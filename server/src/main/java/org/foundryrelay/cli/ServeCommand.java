package org.foundryrelay.cli;

import java.util.concurrent.Callable;
import org.foundryrelay.Relay;
import picocli.CommandLine.Command;

/** {@code serve}: runs the relay until the process is told to stop. */
@Command(name = "serve", description = "run the relay (the default); it is configured by environment variables (see the README)")
final class ServeCommand implements Callable<Integer> {
    private final CliContext ctx;

    ServeCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        var relay = Relay.start(ctx.config());
        return UntilStopped.await(relay::close);
    }
}
