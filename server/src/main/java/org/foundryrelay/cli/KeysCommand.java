package org.foundryrelay.cli;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.foundryrelay.auth.KeySpec;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.store.ApiKeyRecord;

/** {@code keys create|list|revoke|disable|enable}. */
final class KeysCommand implements Command {
    private static final Set<String> VALUED =
            Set.of("account", "name", "scopes", "client", "foundry-user", "expires", "monthly-limit");

    @Override
    public String usage() {
        return """
                Usage:
                  relay keys create --account NAME --name KEYNAME --scopes s1,s2|all
                                    [--client CLIENT_ID]... [--foundry-user USER | --foundry-user CLIENT_ID=USER]...
                                    [--expires 30d|12h|ISO-INSTANT] [--monthly-limit N]
                      Prints the new key alone on stdout; it is shown this once and stored only as a hash.
                  relay keys list [--account NAME]
                  relay keys revoke KEY_ID      delete a key for good
                  relay keys disable KEY_ID     refuse a key until enabled again
                  relay keys enable KEY_ID
                Scopes: all, or any of:
                """ + "  " + String.join(", ", java.util.Arrays.stream(Scope.values()).map(Scope::wireName).toList())
                + "\n";
    }

    @Override
    public int run(List<String> argv, CliContext ctx) {
        var args = Args.parse(argv, VALUED, Set.of());
        var words = args.positional();
        if (words.isEmpty()) throw new UsageException("keys needs a subcommand: create, list, revoke, disable or enable");
        return switch (words.getFirst()) {
            case "create" -> create(args, ctx);
            case "list" -> list(args, ctx);
            case "revoke" -> change(words, ctx, "revoked", id -> ctx.keys().revoke(id));
            case "disable" -> change(words, ctx, "disabled", id -> ctx.keys().setEnabled(id, false));
            case "enable" -> change(words, ctx, "enabled", id -> ctx.keys().setEnabled(id, true));
            default -> throw new UsageException("unknown keys subcommand '" + words.getFirst() + "'");
        };
    }

    private int create(Args args, CliContext ctx) {
        if (args.positional().size() != 1) throw new UsageException("keys create takes options only");
        Set<Scope> scopes;
        try {
            scopes = Scope.parseList(args.required("scopes"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String globalUser = null;
        var perWorld = new LinkedHashMap<String, String>();
        for (var u : args.all("foundry-user")) {
            int eq = u.indexOf('=');
            if (eq > 0) perWorld.put(u.substring(0, eq), u.substring(eq + 1));
            else globalUser = u;
        }
        var expires = args.option("expires") == null ? null : Durations.expiry(args.option("expires"), Instant.now());
        Long monthly = null;
        if (args.option("monthly-limit") != null) {
            try {
                monthly = Long.parseLong(args.option("monthly-limit"));
            } catch (NumberFormatException e) {
                throw new UsageException("--monthly-limit must be a whole number");
            }
        }
        var spec = new KeySpec(args.required("account"), args.required("name"), scopes, args.all("client"),
                globalUser, perWorld, expires, monthly);
        var created = ctx.keys().createKey(spec);
        var k = created.record();
        ctx.audit().record(new org.foundryrelay.audit.AuditLog.Who(k.accountId(), "cli", k.id(), k.name()), null,
                "key.created", null);
        ctx.out().println(created.plainKey());
        ctx.err().println("created key " + created.record().id() + " for account " + created.record().accountName()
                + "; copy it now, it is not shown again");
        return 0;
    }

    private int list(Args args, CliContext ctx) {
        if (args.positional().size() != 1) throw new UsageException("keys list takes only --account");
        var keys = ctx.keys().keys(args.option("account"));
        if (keys.isEmpty()) ctx.err().println("no keys");
        for (var k : keys) ctx.out().println(describe(k));
        return 0;
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

    private interface Change {
        boolean apply(String id);
    }

    private static int change(List<String> words, CliContext ctx, String verb, Change change) {
        if (words.size() != 2) throw new UsageException("keys " + words.getFirst() + " takes exactly one KEY_ID");
        var id = words.get(1);
        var before = new org.foundryrelay.store.ApiKeyRepository(ctx.database()).findById(id);
        if (!change.apply(id)) {
            ctx.err().println("no key with id " + id);
            return 1;
        }
        before.ifPresent(k -> ctx.audit().record(new org.foundryrelay.audit.AuditLog.Who(k.accountId(), "cli", k.id(), k.name()),
                null, "key." + verb, null));
        ctx.err().println(verb + " key " + id);
        return 0;
    }
}
