package org.foundryrelay;

import java.util.List;
import org.foundryrelay.cli.Cli;

/** Entry point of the relay jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.run(List.of(args), System.getenv(), System.out, System.err));
    }
}
