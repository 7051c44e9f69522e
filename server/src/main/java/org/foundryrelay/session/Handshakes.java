package org.foundryrelay.session;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.foundryrelay.auth.Secrets;

/**
 * Handshakes waiting for their {@code /start-session}, in memory only: each holds a fresh RSA private key,
 * a nonce and the target, is bound to the account that asked for it, lasts five minutes and is taken at
 * most once. Unused ones are swept when they expire. Used and expired tokens are remembered (without
 * their keys) for half an hour more, so a second use or a late one is told apart from a typo.
 */
final class Handshakes {
    static final long LIFETIME_MILLIS = 5 * 60_000;

    /** A handshake as issued. {@link #toString()} leaves out the key, token and nonce. */
    record Handshake(String token, String accountId, PrivateKey privateKey, String publicKeyPem, String nonce,
                     FoundryTarget target, long expiresAt) {
        @Override
        public String toString() {
            return "Handshake[account=" + accountId + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** The outcome of taking a token. */
    sealed interface Taken {
        record Ok(Handshake handshake) implements Taken {}

        /** Never issued, or issued to another account (the two read the same). */
        record Unknown() implements Taken {}

        record AlreadyUsed() implements Taken {}

        record Expired() implements Taken {}
    }

    private final Clock clock;
    private final int maxPerAccount;
    private final String relaySuffix; // "" or "." + the issuing relay's id, base64url
    private final Map<String, Handshake> open = new HashMap<>();
    private final Map<String, Gone> gone = new HashMap<>();

    private record Gone(String accountId, boolean wasUsed, long keepUntil) {}

    private static final long REMEMBER_MILLIS = 30 * 60_000;

    Handshakes(Clock clock, int maxPerAccount) {
        this(clock, maxPerAccount, null);
    }

    /**
     * Handshakes whose tokens name {@code instanceId}, the relay holding their private keys, so that a start
     * arriving at another relay of a cluster is sent to this one.
     */
    Handshakes(Clock clock, int maxPerAccount, String instanceId) {
        this.clock = clock;
        this.maxPerAccount = maxPerAccount;
        this.relaySuffix = instanceId == null ? ""
                : "." + Base64.getUrlEncoder().withoutPadding().encodeToString(instanceId.getBytes(StandardCharsets.UTF_8));
    }

    /** The relay a token names (the one that issued it), or null when it names none or is malformed. */
    static String relayOf(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 0 || dot == token.length() - 1) return null;
        try {
            return new String(Base64.getUrlDecoder().decode(token.substring(dot + 1)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Issues a handshake; generating the key pair happens outside the lock.
     *
     * @return null when the account already holds {@code maxPerAccount} unused handshakes
     */
    Handshake issue(String accountId, FoundryTarget target) {
        synchronized (this) {
            sweep();
            if (open.values().stream().filter(h -> h.accountId().equals(accountId)).count() >= maxPerAccount) return null;
        }
        var keys = HandshakeCrypto.newKeyPair();
        var handshake = new Handshake(Secrets.randomHex(32) + relaySuffix, accountId, keys.getPrivate(),
                HandshakeCrypto.pem(keys.getPublic()), Secrets.randomHex(16), target, clock.millis() + LIFETIME_MILLIS);
        synchronized (this) {
            open.put(handshake.token(), handshake);
        }
        return handshake;
    }

    /** Takes the token for {@code accountId}: from now on it is used, whatever the start's outcome. */
    synchronized Taken take(String token, String accountId) {
        long now = clock.millis();
        var handshake = open.get(token);
        if (handshake == null) {
            var g = gone.get(token);
            if (g == null || !g.accountId().equals(accountId)) return new Taken.Unknown();
            return g.wasUsed() ? new Taken.AlreadyUsed() : new Taken.Expired();
        }
        if (!handshake.accountId().equals(accountId)) return new Taken.Unknown();
        open.remove(token);
        boolean expired = handshake.expiresAt() <= now;
        gone.put(token, new Gone(accountId, !expired, handshake.expiresAt() + REMEMBER_MILLIS));
        return expired ? new Taken.Expired() : new Taken.Ok(handshake);
    }

    /** Drops expired handshakes with their private keys, and forgets tokens gone for long enough. */
    synchronized void sweep() {
        long now = clock.millis();
        for (var it = open.values().iterator(); it.hasNext(); ) {
            var h = it.next();
            if (h.expiresAt() <= now) {
                it.remove();
                gone.put(h.token(), new Gone(h.accountId(), false, h.expiresAt() + REMEMBER_MILLIS));
            }
        }
        gone.values().removeIf(g -> g.keepUntil() <= now);
    }

    synchronized int openCount() {
        return open.size();
    }
}
