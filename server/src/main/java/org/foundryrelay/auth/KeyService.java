package org.foundryrelay.auth;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.foundryrelay.store.AccountRecord;
import org.foundryrelay.store.AccountRepository;
import org.foundryrelay.store.ApiKeyRecord;
import org.foundryrelay.store.ApiKeyRepository;

/** Creates and manages accounts and their scoped API keys. Only hashes of keys ever reach the store. */
public final class KeyService {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final AccountRepository accounts;
    private final ApiKeyRepository keys;
    private final Clock clock;

    public KeyService(AccountRepository accounts, ApiKeyRepository keys, Clock clock) {
        this.accounts = accounts;
        this.keys = keys;
        this.clock = clock;
    }

    /** A key just created: the stored record and the plain key, which is shown once and never again. */
    public record CreatedKey(ApiKeyRecord record, String plainKey) {}

    /**
     * Creates an account.
     *
     * @throws IllegalArgumentException when the name is malformed or taken
     */
    public AccountRecord createAccount(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "account name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        var account = new AccountRecord("acc_" + Secrets.randomHex(8), name, clock.millis());
        if (!accounts.insert(account)) throw new IllegalArgumentException("account '" + name + "' already exists");
        return account;
    }

    public List<AccountRecord> accounts() {
        return accounts.list();
    }

    public Optional<AccountRecord> account(String name) {
        return accounts.findByName(name);
    }

    /**
     * Creates a key for an existing account.
     *
     * @throws IllegalArgumentException naming the first invalid part of the spec
     */
    public CreatedKey createKey(KeySpec spec) {
        var account = accounts.findByName(spec.accountName())
                .orElseThrow(() -> new IllegalArgumentException("no account named '" + spec.accountName() + "'"));
        if (spec.name() == null || spec.name().isBlank() || spec.name().length() > 100) {
            throw new IllegalArgumentException("key name is required (at most 100 characters)");
        }
        if (spec.scopes().isEmpty()) throw new IllegalArgumentException("At least one scope is required");
        spec.clientIds().forEach(KeyService::checkClientId);
        spec.foundryUsers().forEach((client, user) -> {
            checkClientId(client);
            checkUser(user);
        });
        if (spec.foundryUser() != null) checkUser(spec.foundryUser());
        if (spec.expiresAt() != null && !spec.expiresAt().isAfter(clock.instant())) {
            throw new IllegalArgumentException("expiry must be in the future");
        }
        if (spec.monthlyLimit() != null && spec.monthlyLimit() < 0) {
            throw new IllegalArgumentException("monthly limit must be 0 or more");
        }
        var plain = Secrets.randomHex(32);
        var record = new ApiKeyRecord("key_" + Secrets.randomHex(6), account.id(), account.name(), spec.name(),
                Secrets.sha256(plain), plain.substring(0, 8),
                spec.scopes().stream().map(Scope::wireName).toList(), List.copyOf(spec.clientIds()),
                spec.foundryUser(), Map.copyOf(spec.foundryUsers()), spec.monthlyLimit(), null, 0,
                spec.expiresAt() == null ? null : spec.expiresAt().toEpochMilli(), true, clock.millis(), null);
        keys.insert(record);
        return new CreatedKey(record, plain);
    }

    /** Keys of one account, or of every account when {@code accountName} is null. */
    public List<ApiKeyRecord> keys(String accountName) {
        if (accountName == null) return keys.list();
        var account = accounts.findByName(accountName)
                .orElseThrow(() -> new IllegalArgumentException("no account named '" + accountName + "'"));
        return keys.listByAccount(account.id());
    }

    /** Deletes a key for good; false when no key has that id. */
    public boolean revoke(String keyId) {
        return keys.delete(keyId);
    }

    /** Turns a key off or back on without deleting it; false when no key has that id. */
    public boolean setEnabled(String keyId, boolean enabled) {
        return keys.setEnabled(keyId, enabled);
    }

    private static void checkClientId(String id) {
        if (!CLIENT_ID.matcher(id).matches()) throw new IllegalArgumentException("invalid client id '" + id + "'");
    }

    private static void checkUser(String user) {
        if (user.isBlank() || user.length() > 100 || user.contains(",") || user.contains("=")) {
            throw new IllegalArgumentException("invalid Foundry user '" + user + "'");
        }
    }
}
