package org.foundryrelay.cli;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Predicate;
import org.foundryrelay.audit.AuditLog;
import org.foundryrelay.auth.KeySpec;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.store.ApiKeyRecord;
import org.foundryrelay.store.ApiKeyRepository;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keys create|list|revoke|disable|enable}. */
@Command(name = "keys", description = "create, list, revoke, disable and enable scoped API keys")
final class KeysCommand {
    private final CliContext ctx;

    private KeysCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The command, its help ending with the scopes a key may have. */
    static CommandLine command(CliContext ctx) {
        var command = new CommandLine(new KeysCommand(ctx));
        var scopes = String.join(", ", Arrays.stream(Scope.values()).map(Scope::wireName).toList());
        // wrapped here: picocli would break the list inside a scope name
        command.getCommandSpec().usageMessage().footer("", "Scopes: all, or any of:",
                scopes.replaceAll("(.{1,70})(, |$)", "  $1$2%n").stripTrailing());
        return command;
    }

    @Command(name = "create", description = {"create a key and print it alone on stdout; it is shown this once and"
            + " stored only as a hash"})
    int create(@Option(names = "--account", paramLabel = "NAME", required = true) String account,
               @Option(names = "--name", paramLabel = "KEYNAME", required = true) String name,
               @Option(names = "--scopes", paramLabel = "s1,s2|all", required = true,
                       description = "what the key may do (relay keys --help lists the scopes)") String scopes,
               @Option(names = "--client", paramLabel = "CLIENT_ID", description = "limit the key to these worlds")
               List<String> clients,
               @Option(names = "--foundry-user", paramLabel = "USER|CLIENT_ID=USER",
                       description = "the Foundry user the key acts as, everywhere or in one world") List<String> users,
               @Option(names = "--expires", paramLabel = "30d|12h|ISO-INSTANT") String expires,
               @Option(names = "--monthly-limit", paramLabel = "N") Long monthlyLimit) {
        String globalUser = null;
        var perWorld = new LinkedHashMap<String, String>();
        for (var u : users == null ? List.<String>of() : users) {
            int eq = u.indexOf('=');
            if (eq > 0) perWorld.put(u.substring(0, eq), u.substring(eq + 1));
            else globalUser = u;
        }
        var spec = new KeySpec(account, name, Scope.parseList(scopes), clients == null ? List.of() : clients,
                globalUser, perWorld, expires == null ? null : Durations.expiry(expires, Instant.now()), monthlyLimit);
        var created = ctx.keys().createKey(spec);
        var k = created.record();
        ctx.audit().record(new AuditLog.Who(k.accountId(), "cli", k.id(), k.name()), null, "key.created", null);
        ctx.out().println(created.plainKey());
        ctx.err().println("created key " + k.id() + " for account " + k.accountName() + "; copy it now, it is not shown again");
        return 0;
    }

    @Command(name = "list", description = "list keys (never the keys themselves)")
    int list(@Option(names = "--account", paramLabel = "NAME") String account) {
        var keys = ctx.keys().keys(account);
        if (keys.isEmpty()) ctx.err().println("no keys");
        for (var k : keys) ctx.out().println(describe(k));
        return 0;
    }

    @Command(name = "revoke", description = "delete a key for good")
    int revoke(@Parameters(paramLabel = "KEY_ID") String id) {
        return change(id, "revoked", ctx.keys()::revoke);
    }

    @Command(name = "disable", description = "refuse a key until enabled again")
    int disable(@Parameters(paramLabel = "KEY_ID") String id) {
        return change(id, "disabled", keyId -> ctx.keys().setEnabled(keyId, false));
    }

    @Command(name = "enable", description = "undo disable")
    int enable(@Parameters(paramLabel = "KEY_ID") String id) {
        return change(id, "enabled", keyId -> ctx.keys().setEnabled(keyId, true));
    }

    private static String describe(ApiKeyRecord k) {
        var sb = new StringBuilder()
                .append(k.id()).append("  ").append(k.accountName()).append("  ").append(k.name())
                .append("  ").append(k.keyPrefix()).append("...")
                .append("  ").append(k.enabled() ? "enabled" : "disabled")
                .append("  scopes=").append(k.scopes().size() == Scope.values().length ? "all" : String.join(",", k.scopes()));
        if (!k.clientIds().isEmpty()) sb.append("  clients=").append(String.join(",", k.clientIds()));
        if (k.foundryUser() != null) sb.append("  foundryUser=").append(k.foundryUser());
        k.foundryUsers().forEach((c, u) -> sb.append("  foundryUser[").append(c).append("]=").append(u));
        if (k.expiresAt() != null) sb.append("  expires=").append(Instant.ofEpochMilli(k.expiresAt()));
        if (k.monthlyLimit() != null) sb.append("  monthlyLimit=").append(k.monthlyLimit());
        return sb.toString();
    }

    private int change(String id, String verb, Predicate<String> change) {
        var before = new ApiKeyRepository(ctx.database()).findById(id);
        if (!change.test(id)) throw new IllegalStateException("no key with id " + id);
        before.ifPresent(k -> ctx.audit().record(new AuditLog.Who(k.accountId(), "cli", k.id(), k.name()), null,
                "key." + verb, null));
        ctx.err().println(verb + " key " + id);
        return 0;
    }
}
