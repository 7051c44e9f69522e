package org.foundryrelay.cli;

import java.util.Optional;
import org.foundryrelay.store.AccountRecord;

/** Resolves the {@code --account} option shared by the pairing and token commands. */
final class Accounts {
    private Accounts() {}

    /**
     * The named account; when {@code name} is null, the only account if there is exactly one.
     *
     * @return empty (after telling the operator) when no account has that name
     * @throws UsageException when the name is needed but missing
     */
    static Optional<AccountRecord> resolve(String name, CliContext ctx) {
        if (name != null) {
            var found = ctx.keys().account(name);
            if (found.isEmpty()) ctx.err().println("no account named '" + name + "'");
            return found;
        }
        var all = ctx.keys().accounts();
        if (all.size() == 1) return Optional.of(all.getFirst());
        throw new UsageException(all.isEmpty()
                ? "--account is required, and there are no accounts yet: relay accounts create NAME"
                : "--account is required when there is more than one account");
    }
}
