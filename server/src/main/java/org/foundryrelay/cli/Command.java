package org.foundryrelay.cli;

import java.util.List;

/** One top-level word of the command line, such as {@code keys}. */
interface Command {
    /** Runs the command; returns the exit code. Throws {@link UsageException} for a bad command line. */
    int run(List<String> args, CliContext ctx);

    /** The command's help text. */
    String usage();
}
