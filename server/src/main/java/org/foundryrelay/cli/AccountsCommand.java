package org.foundryrelay.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.foundryrelay.store.AccountRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code accounts}: create, list, set passwords, promote, disable and enable accounts, and issue reset links. */
@Command(name = "accounts", description = "create, list, promote and disable accounts; set passwords, print reset links")
final class AccountsCommand {
    private static final String STDIN = "read the password from the first line of stdin, not from a prompt"
            + " (stdin is also used when there is no terminal)";
    private final CliContext ctx;

    AccountsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Command(name = "create", description = {"create an account; with --email or --admin it gets a password (from a"
            + " prompt, or from stdin) to sign in to the dashboard", "Prints the account's name on stdout."})
    int create(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--email", paramLabel = "EMAIL") String email,
               @Option(names = "--admin", description = "make the account an admin") boolean admin,
               @Option(names = "--password-stdin", description = STDIN) boolean passwordStdin) {
        if (email == null && !admin) {
            var account = ctx.keys().createAccount(name);
            ctx.out().println(account.name());
            ctx.err().println("created account " + account.name() + " (" + account.id() + ")");
            return 0;
        }
        AccountRecord account = ctx.accountService().create(name, email, readPassword(passwordStdin), admin);
        ctx.out().println(account.name());
        ctx.err().println("created " + (admin ? "admin " : "") + "account " + account.name() + " (" + account.id()
                + "); sign in at " + baseUrl() + "/");
        return 0;
    }

    @Command(name = "list", description = "list accounts")
    int list() {
        var accounts = ctx.accountService().list();
        if (accounts.isEmpty()) ctx.err().println("no accounts yet: relay accounts create NAME");
        for (var a : accounts) {
            ctx.out().printf("%-24s %s  %-5s %s%s  created %s%n", a.name(), a.id(), a.role(),
                    a.email() == null ? "-" : a.email(), a.disabled() ? "  DISABLED" : "",
                    Instant.ofEpochMilli(a.createdAt()));
        }
        return 0;
    }

    @Command(name = "set-password", description = "set a password (prompt or stdin); signs the account out everywhere")
    int setPassword(@Parameters(paramLabel = "NAME") String name,
                    @Option(names = "--password-stdin", description = STDIN) boolean passwordStdin) {
        var account = named(name);
        ctx.accountService().setPassword(account, readPassword(passwordStdin));
        ctx.err().println("password set for " + account.name() + "; its sessions were signed out");
        return 0;
    }

    @Command(name = "promote", description = "make an admin")
    int promote(@Parameters(paramLabel = "NAME") String name) {
        return role(name, true);
    }

    @Command(name = "demote", description = "make a plain user")
    int demote(@Parameters(paramLabel = "NAME") String name) {
        return role(name, false);
    }

    @Command(name = "disable", description = "stop the account signing in and its keys working")
    int disable(@Parameters(paramLabel = "NAME") String name) {
        return disabled(name, true);
    }

    @Command(name = "enable", description = "undo disable")
    int enable(@Parameters(paramLabel = "NAME") String name) {
        return disabled(name, false);
    }

    @Command(name = "reset-link", description = "print a one-hour link to set a new password (no mail is sent)")
    int resetLink(@Parameters(paramLabel = "NAME") String name) {
        var account = named(name);
        var token = ctx.accountService().resetToken(account, null);
        ctx.out().println(baseUrl() + "/dashboard/reset?token=" + token);
        ctx.err().println("valid for one hour, once; give it to " + account.name() + " only");
        return 0;
    }

    private int role(String name, boolean admin) {
        var account = named(name);
        ctx.accountService().setRole(account, admin ? AccountRecord.ADMIN : AccountRecord.USER, account.id());
        ctx.err().println(account.name() + " is now " + (admin ? "an admin" : "a user"));
        return 0;
    }

    private int disabled(String name, boolean disabled) {
        var account = named(name);
        ctx.accountService().setDisabled(account, disabled, account.id());
        ctx.err().println(account.name() + (disabled ? " disabled" : " enabled"));
        return 0;
    }

    private AccountRecord named(String name) {
        return ctx.accountService().byLogin(name).orElseThrow(() -> new UsageException("no account named '" + name + "'"));
    }

    /** The password from a no-echo prompt on a terminal, else the first line of stdin. */
    private char[] readPassword(boolean stdinOnly) {
        var console = System.console();
        if (!stdinOnly && console != null && ctx.in() == System.in) {
            var first = console.readPassword("Password (8+ characters, upper and lower case, a digit): ");
            var again = console.readPassword("Again: ");
            if (first == null || !java.util.Arrays.equals(first, again)) throw new UsageException("the passwords differ");
            return first;
        }
        try {
            var line = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) throw new UsageException("no password on stdin");
            return line.toCharArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the password: " + e.getMessage());
        }
    }

    private String baseUrl() {
        var configured = ctx.config().accounts().publicUrl();
        return configured != null ? configured : "http://localhost:" + ctx.config().port();
    }
}
