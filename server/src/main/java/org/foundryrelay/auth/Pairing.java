package org.foundryrelay.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.foundryrelay.store.PairingCodeRecord;
import org.foundryrelay.store.PairingCodeRepository;
import org.foundryrelay.store.TokenRecord;
import org.foundryrelay.store.WorldRecord;
import org.foundryrelay.store.WorldRepository;

/**
 * Pairing codes and their exchange for a connection token ({@code POST /auth/pair}), plus self-unpairing.
 * A code belongs to an account; the world that exchanges it becomes (or is recognised as) one of that
 * account's worlds and receives a token it presents on {@code /relay}.
 */
public final class Pairing {
    /** Letters and digits that cannot be mistaken for one another (no I, O, 0 or 1). */
    public static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    public static final int CODE_LENGTH = 6;
    public static final Duration CODE_TTL = Duration.ofMinutes(10);
    /** Expired codes are kept this long so a late exchange hears "expired" rather than "invalid". */
    private static final Duration KEEP_EXPIRED = Duration.ofHours(1);
    private static final int MAX_DRAWS = 10;

    private final PairingCodeRepository codes;
    private final WorldRepository worlds;
    private final ConnectionTokens tokens;
    private final Clock clock;

    public Pairing(PairingCodeRepository codes, WorldRepository worlds, ConnectionTokens tokens, Clock clock) {
        this.codes = codes;
        this.worlds = worlds;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A pairing code just created; {@code clientId} is the world it is bound to, or null. */
    public record Code(String code, String accountId, String clientId, Instant expiresAt) {}

    /** What the module sends to {@code POST /auth/pair}; absent or blank fields are null, the code upper-cased. */
    public record PairInput(String code, String worldId, String worldTitle, String serverFingerprint,
                            String existingClientId, String serverOrigin) {}

    /** A completed pairing: the plain token (handed out once), the world's client id, the token's id and its account. */
    public record Paired(String token, String clientId, String tokenId, String accountId) {}

    /** A code that cannot be exchanged; the message is the module's established text. */
    public static final class Refused extends RuntimeException {
        /** Why the exchange was refused. */
        public enum Reason { CODE_REQUIRED, WORLD_ID_REQUIRED, UNKNOWN_CODE, USED, EXPIRED }

        private final Reason reason;

        Refused(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    /** Whether {@code clientId} is one of the account's worlds. */
    public boolean isWorldOf(String accountId, String clientId) {
        return worlds.find(accountId, clientId).isPresent();
    }

    /** Whether any account knows a world with this client id. */
    public boolean isKnownAnywhere(String clientId) {
        return worlds.existsAnywhere(clientId);
    }

    /**
     * Creates a single-use code valid for ten minutes.
     *
     * @param clientId an existing world of the account to bind the code to ("add this browser"), or null
     * @throws IllegalArgumentException when {@code clientId} is not a world of the account
     */
    public Code createCode(String accountId, String clientId) {
        if (clientId != null && !isWorldOf(accountId, clientId)) {
            throw new IllegalArgumentException("no world '" + clientId + "' in this account");
        }
        return createCode(accountId, clientId, CODE_TTL);
    }

    Code createCode(String accountId, String clientId, Duration ttl) {
        long now = clock.millis();
        codes.deleteExpired(now - KEEP_EXPIRED.toMillis());
        for (int i = 0; i < MAX_DRAWS; i++) {
            var record = new PairingCodeRecord(Secrets.randomCode(ALPHABET, CODE_LENGTH), accountId, clientId,
                    now + ttl.toMillis(), false, now);
            if (codes.insert(record)) {
                return new Code(record.code(), accountId, clientId, Instant.ofEpochMilli(record.expiresAt()));
            }
        }
        throw new IllegalStateException("could not draw an unused pairing code");
    }

    /**
     * Exchanges a code for a connection token, choosing the world's client id (see {@link WorldMatcher}).
     *
     * @throws Refused when the code cannot be exchanged
     */
    public Paired pair(PairInput in, String userAgent) {
        if (in.code() == null) throw new Refused(Refused.Reason.CODE_REQUIRED, "Code is required");
        long now = clock.millis();
        var code = codes.find(in.code()).orElseThrow(() -> new Refused(Refused.Reason.UNKNOWN_CODE, "Invalid pairing code"));
        refuseIfSpent(code, now);
        if (code.clientId() == null && in.worldId() == null) throw new Refused(Refused.Reason.WORLD_ID_REQUIRED, "worldId is required");
        if (!codes.claim(code.code(), now)) {
            // Another exchange won the race, or the code expired in between: report which.
            codes.find(code.code()).ifPresent(c -> refuseIfSpent(c, clock.millis()));
            throw new Refused(Refused.Reason.USED, "Pairing code has already been used");
        }
        var origin = Origins.bare(in.serverOrigin());
        var clientId = code.clientId() != null ? code.clientId()
                : WorldMatcher.match(worlds.listByAccount(code.accountId()), in.existingClientId(),
                        in.serverFingerprint(), in.worldId(), origin).orElseGet(Pairing::newClientId);
        var issued = tokens.issue(code.accountId(), clientId, "pairing", DeviceNames.describe(userAgent));
        worlds.upsert(new WorldRecord(code.accountId(), clientId, in.worldId(), in.worldTitle(), null, null, null,
                null, null, origin, in.serverFingerprint(), now, now));
        return new Paired(issued.plainToken(), clientId, issued.record().id(), code.accountId());
    }

    private static void refuseIfSpent(PairingCodeRecord code, long now) {
        if (code.used()) throw new Refused(Refused.Reason.USED, "Pairing code has already been used");
        if (code.expiresAt() <= now) throw new Refused(Refused.Reason.EXPIRED, "Pairing code has expired");
    }

    /**
     * Revokes the live token with this plain value (a GM unpairing their browser).
     *
     * @return the revoked token, or empty when there was no live token with that value
     */
    public Optional<TokenRecord> unpair(String plainToken) {
        var token = tokens.find(plainToken);
        if (token.isEmpty() || !tokens.revoke(token.get().id())) return Optional.empty();
        return token;
    }

    static String newClientId() {
        return "fvtt_" + Secrets.randomHex(8);
    }
}
