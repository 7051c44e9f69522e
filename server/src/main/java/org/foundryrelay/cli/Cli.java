package org.foundryrelay.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.foundryrelay.config.ConfigException;
import org.foundryrelay.http.ListenException;
import org.foundryrelay.sim.SimMain;
import org.foundryrelay.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The relay's command line: {@code serve} (the default) and the admin commands over the same store, parsed
 * by picocli. Exit codes: 0 ok, 1 a runtime failure, 2 bad usage, an unknown name or bad configuration.
 * Command output goes to stdout, everything else to stderr, each error as one line prefixed with the command.
 */
@Command(name = "relay", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Foundry Relay: drive Foundry VTT worlds over HTTP.",
        commandListHeading = "%nCommands (relay COMMAND --help for details):%n",
        footer = {"", "Configuration comes from environment variables (see the README).",
            "Exit status: 0 ok, 1 a failure while running, 2 bad usage, an unknown name or bad configuration."})
public final class Cli implements Callable<Integer> {
    private final CliContext ctx;

    private Cli(CliContext ctx) {
        this.ctx = ctx;
    }

    /** Without a command the relay serves. */
    @Override
    public Integer call() {
        return new ServeCommand(ctx).call();
    }

    /** Runs one command line; returns the process exit code. */
    public static int run(List<String> argv, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(argv, env, System.in, out, err);
    }

    /** As {@link #run(List, Map, PrintStream, PrintStream)}, reading passwords from {@code in} when there is no console. */
    public static int run(List<String> argv, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        try (var ctx = new CliContext(in, out, err, env)) {
            return commandLine(ctx).execute(argv.toArray(String[]::new));
        }
    }

    private static CommandLine commandLine(CliContext ctx) {
        var cli = new CommandLine(new Cli(ctx));
        cli.getCommandSpec().version("Foundry Relay " + version());
        cli.addSubcommand(new ServeCommand(ctx))
                .addSubcommand(new AccountsCommand(ctx))
                .addSubcommand(KeysCommand.command(ctx))
                .addSubcommand(new PairCommand(ctx))
                .addSubcommand(new TokensCommand(ctx))
                .addSubcommand(new DemoCommand(ctx))
                .addSubcommand("sim", SimMain.command(SimMain.defaultEndpoints(), ctx.out(), ctx.err()))
                .addSubcommand("version", versionCommand(ctx))
                .addSubcommand("test", launcherOnly("test", "run the whole test suite"))
                .addSubcommand("bench", launcherOnly("bench", "run the benchmarks"))
                .addSubcommand(new CommandLine.HelpCommand());
        cli.setOut(new PrintWriter(ctx.out(), true));
        cli.setErr(new PrintWriter(ctx.err(), true));
        cli.setParameterExceptionHandler(Cli::usageError);
        cli.setExecutionExceptionHandler((e, command, parsed) -> failed(e, command));
        Help.addTo(cli);
        return cli;
    }

    /** The running jar's version (from its manifest), or {@code dev} from a build tree. */
    static String version() {
        var v = Cli.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static CommandLine versionCommand(CliContext ctx) {
        var spec = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> {
            ctx.out().println("Foundry Relay " + version());
            return 0;
        });
        spec.usageMessage().description("print the relay's version (as relay --version does)");
        return new CommandLine(spec);
    }

    /** {@code test} and {@code bench} are run by the ./relay script from a source tree; listed so the help shows them. */
    private static CommandLine launcherOnly(String name, String what) {
        var spec = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> {
            throw new UsageException("the ./relay script in the source tree runs this: ./relay " + name);
        });
        spec.usageMessage().description(what + " (from a source tree; the launcher script runs it)");
        return new CommandLine(spec);
    }

    private static int usageError(ParameterException e, String[] args) {
        var command = e.getCommandLine();
        command.getErr().println(prefix(command) + ": " + describe(e) + " (see "
                + command.getCommandSpec().qualifiedName() + " --help)");
        return 2;
    }

    private static String describe(ParameterException e) {
        // picocli checks required options before it reports what it did not understand; the typo comes first
        var unmatched = e.getCommandLine().getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            var first = unmatched.getFirst();
            var what = first.startsWith("-") ? "unknown option '" + first + "'"
                    : e.getCommandLine().getSubcommands().isEmpty() ? "unexpected argument '" + first + "'"
                    : "unknown command '" + first + "'";
            // picocli's suggestions are loose ("frobnicate": "test"); a typo rarely gets the first letter wrong
            var suggestions = (e instanceof UnmatchedArgumentException u ? u.getSuggestions() : List.<String>of()).stream()
                    .filter(s -> !s.isEmpty() && s.charAt(0) == first.charAt(0)).toList();
            return suggestions.isEmpty() ? what : what + "; did you mean " + String.join(" or ", suggestions) + "?";
        }
        var message = e.getMessage();
        return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    /** Exit 2 for what the operator can fix in the command line or the configuration, 1 for everything else. */
    private static int failed(Exception e, CommandLine command) {
        int code = switch (e) {
            case UsageException u -> 2;
            case ConfigException c -> 2;
            case StoreException s -> 2;
            case ListenException l -> 2;
            case IllegalArgumentException i -> 2;
            default -> 1;
        };
        var message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        command.getErr().println(prefix(command) + ": " + (e instanceof ConfigException ? "configuration error: " : "")
                + message);
        return code;
    }

    /** {@code relay} and the top-level command, as in {@code relay keys}: the start of every error line. */
    static String prefix(CommandLine command) {
        var top = command;
        while (top.getParent() != null && top.getParent().getParent() != null) top = top.getParent();
        return top.getParent() == null ? "relay" : "relay " + top.getCommandName();
    }

    /** Help everywhere, and the forms of a command's subcommands in its own usage. */
    private static final class Help {
        private Help() {}

        static void addTo(CommandLine command) {
            var spec = command.getCommandSpec();
            if (spec.optionsMap().get("--help") == null) {
                spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
            }
            command.getSubcommands().values().forEach(Help::addTo);
            if (command.getParent() != null && !command.getSubcommands().isEmpty()) {
                var sections = command.getHelpSectionMap();
                sections.put(UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING, help -> "Usage:%n".formatted());
                sections.put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> {
                    var forms = new StringBuilder();
                    if (spec.userObject() instanceof Callable<?>) forms.append(help.synopsis(2));
                    help.subcommands().values().forEach(sub -> forms.append(sub.synopsis(2)));
                    // every form takes -h; saying so in each line only hides the arguments
                    return forms.toString().replace(" [-h]", "").replaceAll("(?m)^relay", "  relay");
                });
            }
        }
    }
}
