package org.foundryrelay.cli;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import org.foundryrelay.auth.IpRules;
import org.foundryrelay.store.AccountRecord;
import org.foundryrelay.store.TokenRecord;

/**
 * {@code tokens list|issue|revoke|allow-ips|allow-targets|remote-log}: the connection tokens paired worlds
 * authenticate with, and what they allow those worlds to do to each other.
 */
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
                  relay tokens allow-targets TOKEN_ID CSV|*|none [--scopes s1,s2|all] [--per-hour N]
                      Let the token's world call other worlds of its account (the module's remote-request):
                      their client ids, or * for all; none allows none again. --scopes: what those calls may
                      do (the called endpoint's scope must be among them); --per-hour: calls a world may make
                      in any hour (default 100, 0 = no cap). Unchanged when left out.
                  relay tokens remote-log [--account NAME] [--limit N]
                      the latest world-to-world calls (default 50), refused ones included, newest first
                Tokens are shown only by issue, once: only their SHA-256 is stored.
                """;
    }

    @Override
    public int run(List<String> argv, CliContext ctx) {
        var args = Args.parse(argv, Set.of("account", "count", "name", "scopes", "per-hour", "limit"), Set.of());
        var words = args.positional();
        if (words.isEmpty()) {
            throw new UsageException("tokens needs a subcommand: list, issue, revoke, allow-ips, allow-targets or remote-log");
        }
        var sub = words.getFirst();
        if (!List.of("list", "issue", "remote-log").contains(sub) && args.option("account") != null) {
            throw new UsageException("only tokens list, issue and remote-log take --account");
        }
        if (!sub.equals("allow-targets") && (args.option("scopes") != null || args.option("per-hour") != null)) {
            throw new UsageException("only tokens allow-targets takes --scopes and --per-hour");
        }
        if (!sub.equals("remote-log") && args.option("limit") != null) {
            throw new UsageException("only tokens remote-log takes --limit");
        }
        if (!sub.equals("issue") && (args.option("count") != null || args.option("name") != null)) {
            throw new UsageException("only tokens issue takes --count and --name");
        }
        return switch (sub) {
            case "list" -> list(args, ctx);
            case "issue" -> issue(args, ctx);
            case "revoke" -> revoke(words, ctx);
            case "allow-ips" -> allowIps(words, ctx);
            case "allow-targets" -> RemoteTargets.allow(args, ctx);
            case "remote-log" -> RemoteTargets.log(args, ctx);
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
        var remote = ctx.remoteAccess();
        for (var t : tokens) {
            var line = describe(t, names.getOrDefault(t.accountId(), t.accountId()));
            ctx.out().println(line + remote.grant(t.id()).map(RemoteTargets::describe).orElse(""));
        }
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
