package org.foundryrelay.auth;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.foundryrelay.store.WorldRecord;

/**
 * Recognises a world that pairs again, so it keeps its client id (and with it the API keys bound to it)
 * instead of appearing as a new world. The rules, first match wins, are the established relay's:
 * <ol>
 *   <li>the client id the module already holds, if that world is the account's and its origin is consistent;</li>
 *   <li>a world with the same server fingerprint and a consistent origin;</li>
 *   <li>a world with the same worldId and the same origin, else one with the same worldId whose stored
 *       origin is unknown or equal.</li>
 * </ol>
 * "Consistent" means the origins do not both exist and differ: two Foundry servers on different ports can
 * host worlds with the same id, and they must stay two worlds.
 */
final class WorldMatcher {
    private WorldMatcher() {}

    /**
     * @param worlds the account's worlds
     * @param origin the presented origin, already reduced to a bare origin or null
     */
    static Optional<String> match(List<WorldRecord> worlds, String existingClientId, String fingerprint,
                                  String worldId, String origin) {
        if (existingClientId != null) {
            var existing = first(worlds, w -> w.clientId().equals(existingClientId)
                    && Origins.consistent(w.publicUrl(), origin));
            if (existing.isPresent()) return existing;
        }
        if (fingerprint != null) {
            var same = first(worlds, w -> fingerprint.equals(w.serverFingerprint())
                    && Origins.consistent(w.publicUrl(), origin));
            if (same.isPresent()) return same;
        }
        if (worldId != null) {
            var sameOrigin = first(worlds, w -> worldId.equals(w.worldId())
                    && origin != null && origin.equals(w.publicUrl()));
            if (sameOrigin.isPresent()) return sameOrigin;
            return first(worlds, w -> worldId.equals(w.worldId())
                    && (w.publicUrl() == null || w.publicUrl().equals(origin)));
        }
        return Optional.empty();
    }

    // Among several candidates the one seen most recently is most likely the world pairing now.
    private static Optional<String> first(List<WorldRecord> worlds, Predicate<WorldRecord> rule) {
        return worlds.stream().filter(rule)
                .max(Comparator.comparingLong(WorldRecord::lastSeenAt))
                .map(WorldRecord::clientId);
    }
}
