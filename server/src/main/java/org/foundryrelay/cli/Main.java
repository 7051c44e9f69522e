package org.foundryrelay.cli;

import java.util.List;

/** Entry point of the relay jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.run(List.of(args), System.getenv(), System.out, System.err));
    }
}
