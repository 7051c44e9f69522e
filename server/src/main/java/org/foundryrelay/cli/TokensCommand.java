package org.foundryrelay.cli;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.foundryrelay.auth.IpRules;
import org.foundryrelay.store.AccountRecord;
import org.foundryrelay.store.TokenRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tokens list|issue|revoke|allow-ips|allow-targets|remote-log}: the connection tokens paired worlds
 * authenticate with, and what they allow those worlds to do to each other.
 */
@Command(name = "tokens", description = "list, issue, revoke and restrict the connection tokens of worlds",
        footer = {"", "Tokens are shown only by issue, once: only their SHA-256 is stored."})
final class TokensCommand {
    private final CliContext ctx;

    TokensCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Command(name = "list", description = "live tokens: id, account, name, clientId, source, created, last used")
    int list(@Option(names = "--account", paramLabel = "NAME") String account) {
        String accountId = account == null ? null : Accounts.resolve(account, ctx).id();
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

    @Command(name = "issue", description = {"issue N tokens, each bound to a new client id, and print one"
            + " \"clientId token\" line per world on stdout: the simulator's --credentials format. For fleets of"
            + " simulated or headless worlds; a Foundry browser pairs instead."})
    int issue(@Option(names = "--account", paramLabel = "NAME") String account,
              @Option(names = "--count", paramLabel = "N", defaultValue = "1",
                      description = "how many (default 1, at most 100000)") int count,
              @Option(names = "--name", paramLabel = "NAME", defaultValue = "Issued by CLI") String name) {
        if (count < 1 || count > 100_000) throw new UsageException("--count must be between 1 and 100000");
        if (name.isBlank() || name.length() > 100) throw new UsageException("--name must be 1-100 characters");
        var owner = Accounts.resolve(account, ctx);
        var issued = ctx.tokens().issueForNewWorlds(owner.id(), count, "cli", name);
        var out = new StringBuilder(count * 90);
        for (var t : issued) out.append(t.record().clientId()).append(' ').append(t.plainToken()).append('\n');
        ctx.out().print(out);
        ctx.out().flush();
        ctx.err().println("issued " + count + " token" + (count == 1 ? "" : "s") + " for account "
                + owner.name() + "; each line is \"clientId token\" (shown once, only hashes are stored)");
        return 0;
    }

    @Command(name = "revoke", description = "revoke a token; a running relay closes the world's socket")
    int revoke(@Parameters(paramLabel = "TOKEN_ID") String id) {
        if (!ctx.tokens().revoke(id)) throw new IllegalStateException("no live token with id " + id);
        ctx.err().println("revoked token " + id + "; a running relay closes the socket of the world using it"
                + " within a few seconds, and the world has to pair again");
        return 0;
    }

    @Command(name = "allow-ips", description = {"restrict the addresses a world may connect from with this token, as"
            + " IPs or CIDR ranges (203.0.113.7,198.51.100.0/24,2001:db8::/32); none allows any address again"})
    int allowIps(@Parameters(paramLabel = "TOKEN_ID") String id, @Parameters(paramLabel = "CSV|none") String value) {
        var list = value.trim();
        List<String> ips = list.equalsIgnoreCase("none") ? List.of() : IpRules.parseList(list);
        var tokens = ctx.tokens();
        if (tokens.byId(id).filter(t -> t.revokedAt() == null).isEmpty()) {
            throw new IllegalStateException("no live token with id " + id);
        }
        tokens.setAllowedIps(id, ips);
        ctx.err().println(ips.isEmpty()
                ? "token " + id + " may connect from any address"
                : "token " + id + " may connect only from " + String.join(", ", ips)
                        + " (checked when the world next connects)");
        return 0;
    }

    @Command(name = "allow-targets", description = {"let the token's world call other worlds of its account (the"
            + " module's remote-request): their client ids, or * for all; none allows none again"})
    int allowTargets(@Parameters(paramLabel = "TOKEN_ID") String id, @Parameters(paramLabel = "CSV|*|none") String targets,
                     @Option(names = "--scopes", paramLabel = "s1,s2|all", description = "what those calls may do (the"
                             + " called endpoint's scope must be among them); unchanged when left out") String scopes,
                     @Option(names = "--per-hour", paramLabel = "N", description = "calls a world may make in any hour"
                             + " (default 100, 0 = no cap); unchanged when left out") Integer perHour) {
        return RemoteTargets.allow(ctx, id, targets, scopes, perHour);
    }

    @Command(name = "remote-log", description = "the latest world-to-world calls, refused ones included, newest first")
    int remoteLog(@Option(names = "--account", paramLabel = "NAME") String account,
                  @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
                          description = "how many (default 50, at most 10000)") int limit) {
        return RemoteTargets.log(ctx, account, limit);
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
}
