package org.foundryrelay.store;

import java.util.Arrays;
import java.util.Locale;

/**
 * A device-flow pair request: a world asking to be paired, waiting for the relay operator's decision.
 *
 * @param code        the request code (a secret the world and its GM hold); known only when the request was
 *                    found by it, null in listings (the store keeps only its hash)
 * @param id          the request's non-secret handle, for listing and approving it by
 * @param clientId    the world's current client id when it sent one (an upgrade, or a re-pair), else null
 * @param upgradeOnly the world is already paired and only asks for its pairing to be confirmed
 * @param accountId   the account that approved it, or null while undecided
 */
public record PairRequestRecord(
        String code,
        String id,
        String worldId,
        String worldTitle,
        String systemId,
        String systemTitle,
        String systemVersion,
        String foundryVersion,
        String clientId,
        String serverFingerprint,
        boolean upgradeOnly,
        Status status,
        String accountId,
        long expiresAt,
        long createdAt) {

    /** Where a request stands, as stored. Expiry is not a stored status: it follows from {@code expiresAt}. */
    public enum Status {
        PENDING, APPROVED, EXCHANGED, DENIED;

        /** The name stored and sent to the module, e.g. {@code pending}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromWire(String name) {
            return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("unknown pair request status '" + name + "'"));
        }
    }

    public boolean expiredAt(long now) {
        return expiresAt <= now;
    }
}
