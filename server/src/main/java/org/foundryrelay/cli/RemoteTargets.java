package org.foundryrelay.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.store.RemoteGrant;
import org.foundryrelay.store.WorldRecord;

/** {@code tokens allow-targets} and {@code tokens remote-log}: world-to-world calls and their record. */
final class RemoteTargets {
    private RemoteTargets() {}

    static int allow(CliContext ctx, String id, String targetList, String scopeList, Integer perHourOption) {
        var token = ctx.tokens().byId(id).filter(t -> t.revokedAt() == null);
        if (token.isEmpty()) throw new IllegalStateException("no live token with id " + id);
        var accountId = token.get().accountId();
        var access = ctx.remoteAccess();
        var current = access.grant(id).orElseThrow();
        var targets = targets(targetList.trim(), ctx.worlds().listByAccount(accountId));
        var scopes = scopeList == null ? current.scopes()
                : Scope.parseList(scopeList).stream().map(Scope::wireName).sorted().toList();
        int perHour = perHourOption == null ? current.perHour() : perHourOption;
        if (perHour < 0 || perHour > 1_000_000) throw new UsageException("--per-hour must be between 0 and 1000000");
        var grant = new RemoteGrant(targets, scopes, perHour);
        access.setGrant(id, grant);
        ctx.err().println(targets.isEmpty()
                ? "token " + id + " may call no other world"
                : "token " + id + " may call " + (targets.contains("*") ? "every world of its account" : String.join(", ", targets))
                        + (scopes.isEmpty() ? ", but with no scope yet: add --scopes" : " with " + String.join(",", scopes))
                        + (perHour == 0 ? ", without an hourly cap" : ", at most " + perHour + " calls an hour"));
        return 0;
    }

    // Only worlds of the token's own account may be named, so a grant can never reach across accounts.
    private static List<String> targets(String value, List<WorldRecord> worlds) {
        if (value.equalsIgnoreCase("none")) return List.of();
        if (value.equals("*")) return List.of("*");
        var known = worlds.stream().map(WorldRecord::clientId).toList();
        var list = new ArrayList<String>();
        for (var raw : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            if (!known.contains(raw)) throw new UsageException("no world " + raw + " in the token's account");
            if (!list.contains(raw)) list.add(raw);
        }
        if (list.isEmpty()) throw new UsageException("name at least one client id, * or none");
        return list;
    }

    /** The grant as {@code tokens list} shows it; empty for a token that may call no world. */
    static String describe(RemoteGrant grant) {
        if (grant.targets().isEmpty()) return "";
        return "  remoteTargets=" + String.join(",", grant.targets())
                + "  remoteScopes=" + (grant.scopes().isEmpty() ? "-" : String.join(",", grant.scopes()))
                + "  remotePerHour=" + grant.perHour();
    }

    static int log(CliContext ctx, String account, int limit) {
        if (limit < 1 || limit > 10_000) throw new UsageException("--limit must be between 1 and 10000");
        String accountId = account == null ? null : Accounts.resolve(account, ctx).id();
        var entries = ctx.remoteAccess().recent(accountId, limit);
        if (entries.isEmpty()) ctx.err().println("no remote requests");
        for (var r : entries) {
            ctx.out().println(Instant.ofEpochMilli(r.createdAt()) + "  " + r.sourceClientId() + " -> "
                    + (r.targetClientId() == null ? "-" : r.targetClientId()) + "  " + (r.action() == null ? "-" : r.action())
                    + "  " + r.outcome() + (r.durationMs() == null ? "" : "  " + r.durationMs() + "ms")
                    + (r.error() == null ? "" : "  \"" + r.error() + "\""));
        }
        return 0;
    }
}
