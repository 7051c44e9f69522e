package org.foundryrelay.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.foundryrelay.accounts.AccountService;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.store.AccountRecord;

/** {@code accounts}: create, list, set passwords, promote, disable and enable accounts, and issue reset links. */
final class AccountsCommand implements Command {
    private boolean stdinOnly;

    @Override
    public String usage() {
        return """
                Usage:
                  relay accounts create NAME [--email E] [--admin] [--password-stdin]
                                                  create an account; with --email or --admin it gets a password,
                                                  read from a prompt, or from the first line of stdin with
                                                  --password-stdin (or when there is no terminal)
                  relay accounts list             list accounts
                  relay accounts set-password NAME [--password-stdin]   set a password (prompt or stdin); signs the account out everywhere
                  relay accounts promote NAME     make an admin
                  relay accounts demote NAME      make a plain user
                  relay accounts disable NAME     stop the account signing in and its keys working
                  relay accounts enable NAME      undo disable
                  relay accounts reset-link NAME  print a one-hour link to set a new password (no mail is sent)
                """;
    }

    @Override
    public int run(List<String> argv, CliContext ctx) {
        var args = Args.parse(argv, Set.of("email"), Set.of("admin", "password-stdin"));
        stdinOnly = args.flag("password-stdin");
        var words = args.positional();
        if (words.isEmpty()) throw new UsageException("accounts needs a subcommand: create, list, set-password, promote, disable, reset-link");
        var sub = words.getFirst();
        if (!sub.equals("create") && (args.option("email") != null || args.flag("admin"))) {
            throw new UsageException("--email and --admin go with accounts create");
        }
        try {
            return switch (sub) {
                case "create" -> create(words, args, ctx);
                case "list" -> {
                    if (words.size() != 1) throw new UsageException("accounts list takes no arguments");
                    var accounts = ctx.accountService().list();
                    if (accounts.isEmpty()) ctx.err().println("no accounts yet: relay accounts create NAME");
                    for (var a : accounts) {
                        ctx.out().printf("%-24s %s  %-5s %s%s  created %s%n", a.name(), a.id(), a.role(),
                                a.email() == null ? "-" : a.email(), a.disabled() ? "  DISABLED" : "",
                                Instant.ofEpochMilli(a.createdAt()));
                    }
                    yield 0;
                }
                case "set-password" -> {
                    var account = named(words, ctx);
                    ctx.accountService().setPassword(account, readPassword(ctx));
                    ctx.err().println("password set for " + account.name() + "; its sessions were signed out");
                    yield 0;
                }
                case "promote", "demote" -> {
                    var account = named(words, ctx);
                    ctx.accountService().setRole(account, sub.equals("promote") ? AccountRecord.ADMIN : AccountRecord.USER,
                            account.id());
                    ctx.err().println(account.name() + " is now " + (sub.equals("promote") ? "an admin" : "a user"));
                    yield 0;
                }
                case "disable", "enable" -> {
                    var account = named(words, ctx);
                    ctx.accountService().setDisabled(account, sub.equals("disable"), account.id());
                    ctx.err().println(account.name() + " " + sub + "d");
                    yield 0;
                }
                case "reset-link" -> {
                    var account = named(words, ctx);
                    var token = ctx.accountService().resetToken(account, null);
                    ctx.out().println(baseUrl(ctx) + "/dashboard/reset?token=" + token);
                    ctx.err().println("valid for one hour, once; give it to " + account.name() + " only");
                    yield 0;
                }
                default -> throw new UsageException("unknown accounts subcommand '" + sub + "'");
            };
        } catch (ApiException e) {
            ctx.err().println("relay accounts: " + e.getMessage());
            return 1;
        }
    }

    private int create(List<String> words, Args args, CliContext ctx) {
        if (words.size() != 2) throw new UsageException("accounts create takes exactly one NAME");
        var email = args.option("email");
        boolean admin = args.flag("admin");
        if (email == null && !admin) {
            var account = ctx.keys().createAccount(words.get(1));
            ctx.out().println(account.name());
            ctx.err().println("created account " + account.name() + " (" + account.id() + ")");
            return 0;
        }
        AccountRecord account = ctx.accountService().create(words.get(1), email, readPassword(ctx), admin);
        ctx.out().println(account.name());
        ctx.err().println("created " + (admin ? "admin " : "") + "account " + account.name() + " (" + account.id()
                + "); sign in at " + baseUrl(ctx) + "/");
        return 0;
    }

    private static AccountRecord named(List<String> words, CliContext ctx) {
        if (words.size() != 2) throw new UsageException("accounts " + words.getFirst() + " takes exactly one NAME");
        return ctx.accountService().byLogin(words.get(1))
                .orElseThrow(() -> new IllegalArgumentException("no account named '" + words.get(1) + "'"));
    }

    /** The password from a no-echo prompt on a terminal, else the first line of stdin. */
    private char[] readPassword(CliContext ctx) {
        var console = System.console();
        if (!stdinOnly && console != null && ctx.in() == System.in) {
            var first = console.readPassword("Password (8+ characters, upper and lower case, a digit): ");
            var again = console.readPassword("Again: ");
            if (first == null || !java.util.Arrays.equals(first, again)) throw new IllegalArgumentException("the passwords differ");
            return first;
        }
        try {
            var line = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) throw new IllegalArgumentException("no password on stdin");
            return line.toCharArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the password: " + e.getMessage());
        }
    }

    private static String baseUrl(CliContext ctx) {
        var configured = ctx.config().accounts().publicUrl();
        return configured != null ? configured : "http://localhost:" + ctx.config().port();
    }
}
