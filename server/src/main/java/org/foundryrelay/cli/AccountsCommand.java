package org.foundryrelay.cli;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code accounts create NAME} and {@code accounts list}. */
final class AccountsCommand implements Command {

    @Override
    public String usage() {
        return """
                Usage:
                  relay accounts create NAME   create an account (a tenant owning keys and worlds)
                  relay accounts list          list accounts
                """;
    }

    @Override
    public int run(List<String> argv, CliContext ctx) {
        var args = Args.parse(argv, Set.of(), Set.of());
        var words = args.positional();
        if (words.isEmpty()) throw new UsageException("accounts needs a subcommand: create or list");
        return switch (words.getFirst()) {
            case "create" -> {
                if (words.size() != 2) throw new UsageException("accounts create takes exactly one NAME");
                var account = ctx.keys().createAccount(words.get(1));
                ctx.out().println(account.name());
                ctx.err().println("created account " + account.name() + " (" + account.id() + ")");
                yield 0;
            }
            case "list" -> {
                if (words.size() != 1) throw new UsageException("accounts list takes no arguments");
                var accounts = ctx.keys().accounts();
                if (accounts.isEmpty()) ctx.err().println("no accounts yet: relay accounts create NAME");
                for (var a : accounts) {
                    ctx.out().printf("%-24s %s  created %s%n", a.name(), a.id(), Instant.ofEpochMilli(a.createdAt()));
                }
                yield 0;
            }
            default -> throw new UsageException("unknown accounts subcommand '" + words.getFirst() + "'");
        };
    }
}
