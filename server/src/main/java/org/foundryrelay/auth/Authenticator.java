package org.foundryrelay.auth;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import org.foundryrelay.store.ApiKeyRecord;
import org.foundryrelay.store.ApiKeyRepository;
import org.foundryrelay.store.StoreVersion;

/**
 * Turns an {@code x-api-key} header into a principal. Revoking, disabling or expiring a key takes effect
 * on the very next request, from any process sharing the store: the key row is read on every request,
 * unless the store can tell that nothing at all was committed since it was last read (see {@link KeyCache}).
 */
public final class Authenticator {
    /** The refusal of a request that presents no key; the text clients match, and how to send one. */
    static final String MISSING = "API key is required";
    static final String HOW_TO_SEND = "Send the key as x-api-key: <key> or Authorization: Bearer <key>";

    private final KeyCache keys;
    private final UsageMeter usage;
    private final Clock clock;

    /** @param version the store's change counter, or null to read the key row on every request */
    public Authenticator(ApiKeyRepository keys, StoreVersion version, UsageMeter usage, Clock clock) {
        this.keys = new KeyCache(keys, version);
        this.usage = usage;
        this.clock = clock;
    }

    public AuthResult authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank()) return new AuthResult.Denied(401, MISSING);
        var found = keys.findByHash(Secrets.sha256(presentedKey.trim()));
        if (found.isEmpty()) return new AuthResult.Denied(401, "Invalid API key");
        var key = found.get();
        if (!key.enabled()) return new AuthResult.Denied(401, "API key is disabled");
        if (key.expiresAt() != null && key.expiresAt() <= clock.millis()) {
            return new AuthResult.Denied(401, "API key has expired");
        }
        if (!usage.tryCount(key)) return new AuthResult.Denied(429, "Scoped key monthly request limit exceeded");
        return new AuthResult.Allowed(principal(key));
    }

    private static Principal principal(ApiKeyRecord key) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        key.scopes().forEach(s -> Scope.fromWire(s).ifPresent(scopes::add));
        return new Principal(key.accountId(), key.accountName(), key.id(), scopes, Set.copyOf(key.clientIds()),
                key.foundryUser(), key.foundryUsers());
    }
}
