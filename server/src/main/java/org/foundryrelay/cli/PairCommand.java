package org.foundryrelay.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.foundryrelay.auth.PairRequests.Decision;
import org.foundryrelay.store.PairRequestRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pair} (print a pairing code), {@code pair requests}, {@code pair approve} and {@code pair deny}. */
@Command(name = "pair", description = {"pair a Foundry world: print a pairing code, or approve a world's pair request",
    "Without a subcommand it prints a pairing code alone on stdout. In Foundry: Game Settings > Configure Settings >"
        + " Foundry REST API > REST API Connection, set the relay URL with Edit URL, then Enter Code. The code works once"
        + " and expires in 10 minutes."})
final class PairCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--account", paramLabel = "NAME",
            description = "the account the world joins; may be left out when there is exactly one account")
    private String account;

    @Option(names = "--client", paramLabel = "CLIENT_ID",
            description = "bind the code to an existing world of the account (to connect another GM's browser to it)")
    private String clientId;

    PairCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        var owner = Accounts.resolve(account, ctx);
        var pairing = ctx.pairing();
        if (clientId != null && !pairing.isWorldOf(owner.id(), clientId)) {
            throw new UsageException("no world '" + clientId + "' in account " + owner.name()
                    + " (relay tokens list shows the client ids of paired worlds)");
        }
        var code = pairing.createCode(owner.id(), clientId);
        ctx.out().println(code.code());
        ctx.err().println("Pairing code for account " + owner.name()
                + (clientId == null ? "" : ", bound to world " + clientId) + ".");
        ctx.err().println("In Foundry: Game Settings > Configure Settings > Foundry REST API > REST API Connection;"
                + " set this relay's URL (Edit URL, e.g. ws://relay-host:3010), click Enter Code and type it.");
        ctx.err().println("It works once and expires in 10 minutes (at " + code.expiresAt() + ").");
        return 0;
    }

    @Command(name = "requests", description = "list worlds waiting for approval (the Pair button in Foundry)")
    int requests() {
        var pending = ctx.pairRequests().pending();
        if (pending.isEmpty()) ctx.err().println("no pair requests waiting");
        var now = Instant.now();
        for (var r : pending) ctx.out().println(describe(r, now));
        return 0;
    }

    private static String describe(PairRequestRecord r, Instant now) {
        var sb = new StringBuilder()
                .append(r.id()).append("  \"").append(r.worldTitle() == null ? r.worldId() : r.worldTitle()).append('"')
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

    @Command(name = "approve", description = "approve a waiting world for an account, by the code its GM sees or the id `pair requests` lists")
    int approve(@Parameters(paramLabel = "CODE") String code,
                @Option(names = "--account", paramLabel = "NAME",
                        description = "may be left out when there is exactly one account") String accountName) {
        var owner = Accounts.resolve(accountName, ctx);
        return report(normalized(code), ctx.pairRequests().approve(normalized(code), owner.id()), owner.name());
    }

    @Command(name = "deny", description = "refuse a waiting world")
    int deny(@Parameters(paramLabel = "CODE") String code) {
        return report(normalized(code), ctx.pairRequests().deny(normalized(code)), null);
    }

    private static String normalized(String handle) {
        return org.foundryrelay.auth.PairRequests.normalizedHandle(handle);
    }

    private int report(String code, Decision decision, String accountName) {
        switch (decision) {
            case Decision.Approved a -> ctx.err().println("approved pair request " + code + " for account "
                    + accountName + (a.clientId() == null ? "" : " as world " + a.clientId())
                    + "; the world collects its pairing code on its next poll and finishes pairing by itself");
            case Decision.Upgraded u -> ctx.err().println("confirmed the pairing of world " + u.clientId()
                    + " with account " + accountName);
            case Decision.Denied d -> ctx.err().println("denied pair request " + code);
            case Decision.NotFound n ->
                    throw new IllegalStateException("no pair request " + code + " (relay pair requests lists the waiting ones)");
            case Decision.Refused r -> throw new IllegalStateException(r.reason());
        }
        return 0;
    }
}
