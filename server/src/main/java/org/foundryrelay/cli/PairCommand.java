package org.foundryrelay.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.foundryrelay.auth.PairRequests.Decision;
import org.foundryrelay.store.PairRequestRecord;

/** {@code pair} (print a pairing code), {@code pair requests}, {@code pair approve} and {@code pair deny}. */
final class PairCommand implements Command {

    @Override
    public String usage() {
        return """
                Usage:
                  relay pair [--account NAME] [--client CLIENT_ID]
                      Prints a pairing code alone on stdout. In Foundry: Game Settings > Configure Settings >
                      Foundry REST API > REST API Connection, set the relay URL with Edit URL, then Enter Code.
                      The code works once and expires in 10 minutes. --client binds it to an existing world of
                      the account (to connect another GM's browser to it). --account may be left out when there
                      is exactly one account.
                  relay pair requests                      list worlds waiting for approval (the Pair button in Foundry)
                  relay pair approve CODE --account NAME   approve a waiting world for an account
                  relay pair deny CODE                     refuse a waiting world
                """;
    }

    @Override
    public int run(List<String> argv, CliContext ctx) {
        var args = Args.parse(argv, Set.of("account", "client"), Set.of());
        var words = args.positional();
        if (words.isEmpty()) return createCode(args, ctx);
        return switch (words.getFirst()) {
            case "requests" -> requests(args, ctx);
            case "approve" -> approve(args, ctx);
            case "deny" -> deny(args, ctx);
            default -> throw new UsageException("unknown pair subcommand '" + words.getFirst() + "'");
        };
    }

    private int createCode(Args args, CliContext ctx) {
        var account = Accounts.resolve(args.option("account"), ctx);
        if (account.isEmpty()) return 1;
        var clientId = args.option("client");
        var pairing = ctx.pairing();
        if (clientId != null && !pairing.isWorldOf(account.get().id(), clientId)) {
            ctx.err().println("no world '" + clientId + "' in account " + account.get().name()
                    + " (relay tokens list shows the client ids of paired worlds)");
            return 1;
        }
        var code = pairing.createCode(account.get().id(), clientId);
        ctx.out().println(code.code());
        ctx.err().println("Pairing code for account " + account.get().name()
                + (clientId == null ? "" : ", bound to world " + clientId) + ".");
        ctx.err().println("In Foundry: Game Settings > Configure Settings > Foundry REST API > REST API Connection;"
                + " set this relay's URL (Edit URL, e.g. ws://relay-host:3010), click Enter Code and type it.");
        ctx.err().println("It works once and expires in 10 minutes (at " + code.expiresAt() + ").");
        return 0;
    }

    private int requests(Args args, CliContext ctx) {
        if (args.positional().size() != 1 || args.option("account") != null || args.option("client") != null) {
            throw new UsageException("pair requests takes no arguments");
        }
        var pending = ctx.pairRequests().pending();
        if (pending.isEmpty()) ctx.err().println("no pair requests waiting");
        var now = Instant.now();
        for (var r : pending) ctx.out().println(describe(r, now));
        return 0;
    }

    private static String describe(PairRequestRecord r, Instant now) {
        var sb = new StringBuilder()
                .append(r.code()).append("  \"").append(r.worldTitle() == null ? r.worldId() : r.worldTitle()).append('"')
                .append("  worldId=").append(r.worldId())
                .append("  age=").append(age(Duration.between(Instant.ofEpochMilli(r.createdAt()), now)));
        if (r.systemId() != null) sb.append("  system=").append(r.systemId());
        if (r.clientId() != null) sb.append("  clientId=").append(r.clientId());
        if (r.upgradeOnly()) sb.append("  upgrade-only");
        return sb.toString();
    }

    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + "s";
        if (s < 3600) return s / 60 + "m" + s % 60 + "s";
        return s / 3600 + "h" + s % 3600 / 60 + "m";
    }

    private int approve(Args args, CliContext ctx) {
        var code = requestCode(args, "approve");
        if (args.option("client") != null) throw new UsageException("pair approve takes no --client");
        var account = Accounts.resolve(args.option("account"), ctx);
        if (account.isEmpty()) return 1;
        return report(ctx, code, ctx.pairRequests().approve(code, account.get().id()), account.get().name());
    }

    private int deny(Args args, CliContext ctx) {
        var code = requestCode(args, "deny");
        if (args.option("account") != null || args.option("client") != null) {
            throw new UsageException("pair deny takes only the CODE");
        }
        return report(ctx, code, ctx.pairRequests().deny(code), null);
    }

    private static String requestCode(Args args, String verb) {
        if (args.positional().size() != 2) throw new UsageException("pair " + verb + " takes exactly one CODE");
        return args.positional().get(1).trim().toUpperCase(Locale.ROOT);
    }

    private static int report(CliContext ctx, String code, Decision decision, String accountName) {
        switch (decision) {
            case Decision.Approved a -> ctx.err().println("approved pair request " + code + " for account "
                    + accountName + (a.code().clientId() == null ? "" : " as world " + a.code().clientId())
                    + "; the world collects its pairing code on its next poll and finishes pairing by itself");
            case Decision.Upgraded u -> ctx.err().println("confirmed the pairing of world " + u.clientId()
                    + " with account " + accountName);
            case Decision.Denied d -> ctx.err().println("denied pair request " + code);
            case Decision.NotFound n -> {
                ctx.err().println("no pair request " + code + " (relay pair requests lists the waiting ones)");
                return 1;
            }
            case Decision.Refused r -> {
                ctx.err().println(r.reason());
                return 1;
            }
        }
        return 0;
    }
}
