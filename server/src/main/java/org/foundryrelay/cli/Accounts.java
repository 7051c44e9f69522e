package org.foundryrelay.cli;

import org.foundryrelay.store.AccountRecord;

/** Resolves the {@code --account} option shared by the pairing and token commands. */
final class Accounts {
    private Accounts() {}

    /**
     * The named account; when {@code name} is null, the only account if there is exactly one.
     *
     * @throws UsageException when no account has that name, or the name is needed but missing
     */
    static AccountRecord resolve(String name, CliContext ctx) {
        if (name != null) {
            return ctx.keys().account(name).orElseThrow(() -> new UsageException("no account named '" + name + "'"));
        }
        var all = ctx.keys().accounts();
        if (all.size() == 1) return all.getFirst();
        throw new UsageException(all.isEmpty()
                ? "--account is required, and there are no accounts yet: relay accounts create NAME"
                : "--account is required when there is more than one account");
    }
}
