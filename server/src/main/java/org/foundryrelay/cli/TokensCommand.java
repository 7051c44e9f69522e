package org.foundryrelay.cli;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import org.foundryrelay.auth.IpRules;
import org.foundryrelay.store.AccountRecord;
import org.foundryrelay.store.TokenRecord;

/** {@code tokens list|revoke|allow-ips}: the connection tokens paired worlds authenticate with. */
final class TokensCommand implements Command {

    @Override
    public String usage() {
        return """
                Usage:
                  relay tokens list [--account NAME]     live tokens: id, account, name, clientId, source, created, last used
                  relay tokens issue [--account NAME] [--count N] [--name NAME]
                      Issue N tokens (default 1, at most 100000), each bound to a new client id, and print one
                      "clientId token" line per world on stdout: the simulator's --credentials format. For
                      fleets of simulated or headless worlds; a Foundry browser pairs instead.
                  relay tokens revoke TOKEN_ID           revoke a token; a running relay closes the world's socket
                  relay tokens allow-ips TOKEN_ID CSV|none
                      Restrict the addresses a world may connect from with this token, as IPs or CIDR ranges
                      (203.0.113.7,198.51.100.0/24,2001:db8::/32); none allows any address again.
                Tokens are shown only by issue, once: only their SHA-256 is stored.
                """;
    }

    @Override
    public int run(List<String> argv, CliContext ctx) {
        var args = Args.parse(argv, Set.of("account", "count", "name"), Set.of());
        var words = args.positional();
        if (words.isEmpty()) throw new UsageException("tokens needs a subcommand: list, issue, revoke or allow-ips");
        var sub = words.getFirst();
        if (!sub.equals("list") && !sub.equals("issue") && args.option("account") != null) {
            throw new UsageException("only tokens list and tokens issue take --account");
        }
        if (!sub.equals("issue") && (args.option("count") != null || args.option("name") != null)) {
            throw new UsageException("only tokens issue takes --count and --name");
        }
        return switch (sub) {
            case "list" -> list(args, ctx);
            case "issue" -> issue(args, ctx);
            case "revoke" -> revoke(words, ctx);
            case "allow-ips" -> allowIps(words, ctx);
            default -> throw new UsageException("unknown tokens subcommand '" + words.getFirst() + "'");
        };
    }

    private int list(Args args, CliContext ctx) {
        if (args.positional().size() != 1) throw new UsageException("tokens list takes only --account");
        String accountId = null;
        if (args.option("account") != null) {
            var account = Accounts.resolve(args.option("account"), ctx);
            if (account.isEmpty()) return 1;
            accountId = account.get().id();
        }
        var names = new HashMap<String, String>();
        ctx.keys().accounts().forEach((AccountRecord a) -> names.put(a.id(), a.name()));
        var tokens = ctx.tokens().list(accountId);
        if (tokens.isEmpty()) ctx.err().println("no tokens");
        for (var t : tokens) ctx.out().println(describe(t, names.getOrDefault(t.accountId(), t.accountId())));
        return 0;
    }

    private static String describe(TokenRecord t, String account) {
        var sb = new StringBuilder()
                .append(t.id()).append("  ").append(account).append("  \"").append(t.name()).append('"')
                .append("  clientId=").append(t.clientId() == null ? "-" : t.clientId())
                .append("  source=").append(t.source())
                .append("  created=").append(Instant.ofEpochMilli(t.createdAt()))
                .append("  lastUsed=").append(t.lastUsedAt() == null ? "never" : Instant.ofEpochMilli(t.lastUsedAt()));
        if (!t.allowedIps().isEmpty()) sb.append("  allowedIps=").append(String.join(",", t.allowedIps()));
        return sb.toString();
    }

    private int issue(Args args, CliContext ctx) {
        if (args.positional().size() != 1) throw new UsageException("tokens issue takes only options");
        int count;
        try {
            count = Integer.parseInt(args.option("count") == null ? "1" : args.option("count").trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--count must be a whole number");
        }
        if (count < 1 || count > 100_000) throw new UsageException("--count must be between 1 and 100000");
        var name = args.option("name") == null ? "Issued by CLI" : args.option("name");
        if (name.isBlank() || name.length() > 100) throw new UsageException("--name must be 1-100 characters");
        var account = Accounts.resolve(args.option("account"), ctx);
        if (account.isEmpty()) return 1;
        var issued = ctx.tokens().issueForNewWorlds(account.get().id(), count, "cli", name);
        var out = new StringBuilder(count * 90);
        for (var t : issued) out.append(t.record().clientId()).append(' ').append(t.plainToken()).append('\n');
        ctx.out().print(out);
        ctx.out().flush();
        ctx.err().println("issued " + count + " token" + (count == 1 ? "" : "s") + " for account "
                + account.get().name() + "; each line is \"clientId token\" (shown once, only hashes are stored)");
        return 0;
    }

    private int revoke(List<String> words, CliContext ctx) {
        if (words.size() != 2) throw new UsageException("tokens revoke takes exactly one TOKEN_ID");
        var id = words.get(1);
        if (!ctx.tokens().revoke(id)) {
            ctx.err().println("no live token with id " + id);
            return 1;
        }
        ctx.err().println("revoked token " + id + "; a running relay closes the socket of the world using it"
                + " within a few seconds, and the world has to pair again");
        return 0;
    }

    private int allowIps(List<String> words, CliContext ctx) {
        if (words.size() != 3) throw new UsageException("tokens allow-ips takes a TOKEN_ID and a CSV list (or none)");
        var id = words.get(1);
        var value = words.get(2).trim();
        List<String> ips;
        try {
            ips = value.equalsIgnoreCase("none") ? List.of() : IpRules.parseList(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        var tokens = ctx.tokens();
        var token = tokens.byId(id).filter(t -> t.revokedAt() == null);
        if (token.isEmpty()) {
            ctx.err().println("no live token with id " + id);
            return 1;
        }
        tokens.setAllowedIps(id, ips);
        ctx.err().println(ips.isEmpty()
                ? "token " + id + " may connect from any address"
                : "token " + id + " may connect only from " + String.join(", ", ips)
                        + " (checked when the world next connects)");
        return 0;
    }
}
