package org.foundryrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.testing.MainProcess;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.TestRelay.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every command shares: --version, a help that lists everything the ./relay script runs, and exit codes
 * (0 ok, 1 a failure while running, 2 bad usage or an unknown name) with errors as one line naming the command.
 */
class CliConventionsTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of());

    private static CliRun cli(String... argv) {
        return env.relay().cli(argv);
    }

    @Test
    void versionIsPrintedAloneOnStdout() {
        for (var argv : List.of(List.of("--version"), List.of("-V"), List.of("version"))) {
            var run = cli(argv.toArray(String[]::new));
            assertThat(run.exitCode()).as(argv.toString()).isZero();
            assertThat(run.out()).as(argv.toString()).matches("Foundry Relay \\S+\\R");
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void theHelpListsEveryCommandIncludingTheLaunchersTestAndBench() {
        var help = cli("--help");
        assertThat(help.exitCode()).isZero();
        var commands = help.out().lines().map(String::strip).map(l -> l.split("\\s+")[0]).toList();
        assertThat(commands).contains("serve", "accounts", "keys", "pair", "tokens", "demo", "sim", "version", "test", "bench");
        assertThat(help.out()).contains("--version", "launcher script");
        assertThat(cli("help", "keys").out()).as("help COMMAND").isEqualTo(cli("keys", "--help").out());

        var test = cli("test");
        assertThat(test.exitCode()).as("the jar alone cannot run the test suite").isEqualTo(2);
        assertThat(test.err()).isEqualTo("relay test: the ./relay script in the source tree runs this: ./relay test\n");
    }

    @Test
    void simHelpStartsCleanlyAndSpeaksOfTheRelaysPairing() throws Exception {
        // its own JVM with the production logging: nothing but the help, no stack trace, no connection attempt
        var process = MainProcess.start(Map.of(), List.of(), "sim", "--help");
        process.getOutputStream().close();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        assertThat(err).isEmpty();
        assertThat(out).startsWith("Usage: relay sim").contains("--pair=CODE", "`relay pair`", "--pair-request",
                "relay pair approve CODE", "--credentials=FILE", "`relay tokens issue`");
    }

    @Test
    void unknownCommandsAndOptionsExitTwoWithOneLineNamingTheCommand() {
        assertOneLine(cli("frobnicate"), 2, "relay: unknown command 'frobnicate'");
        assertOneLine(cli("acounts", "list"), 2, "relay: unknown command 'acounts'; did you mean accounts?");
        assertOneLine(cli("--frobnicate"), 2, "relay: unknown option '--frobnicate'");
        assertOneLine(cli("keys", "list", "--bogus"), 2, "relay keys: unknown option '--bogus'");
        assertOneLine(cli("keys", "shred"), 2, "relay keys: unknown command 'shred'");
        assertOneLine(cli("keys"), 2, "relay keys: missing required subcommand");
        assertOneLine(cli("tokens", "revoke"), 2, "relay tokens: missing required parameter: 'TOKEN_ID'");
        assertOneLine(cli("tokens", "issue", "--count", "many"), 2, "relay tokens: invalid value for option '--count'");
        assertOneLine(cli("serve", "now"), 2, "relay serve: unexpected argument 'now'");
        assertOneLine(cli("sim", "--frobnicate"), 2, "relay sim: unknown option '--frobnicate'");
        assertOneLine(cli("keys", "list", "--account", "ghost"), 2, "relay keys: no account named 'ghost'");
        assertOneLine(cli("accounts", "promote", "ghost"), 2, "relay accounts: no account named 'ghost'");
        assertOneLine(cli("tokens", "issue", "--account", "ghost"), 2, "relay tokens: no account named 'ghost'");
        assertOneLine(cli("pair", "approve", "ABCD2345", "--account", "ghost"), 2, "relay pair: no account named 'ghost'");
    }

    @Test
    void aFailureWhileRunningExitsOneWithOneLineNamingTheCommand() {
        assertOneLine(cli("keys", "revoke", "key_nope"), 1, "relay keys: no key with id key_nope");
        assertOneLine(cli("tokens", "allow-ips", "tok_nope", "none"), 1, "relay tokens: no live token with id tok_nope");
        cli("accounts", "create", "failing");
        assertOneLine(cli("pair", "deny", "NOSUCH22"), 1, "relay pair: no pair request NOSUCH22");
        assertOneLine(env.relay().cliWithInput("short\n", "accounts", "create", "weak", "--admin"), 1,
                "relay accounts: Password must be at least 8 characters long");
        assertOneLine(cli("sim", "--relay", "ws://127.0.0.1:1", "--pair", "ABC123"), 1,
                "relay sim: cannot reach the relay at http://127.0.0.1:1");
    }

    private static void assertOneLine(CliRun run, int exit, String start) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exit);
        assertThat(run.err()).startsWith(start).hasLineCount(1);
        assertThat(run.out()).isEmpty();
    }
}
