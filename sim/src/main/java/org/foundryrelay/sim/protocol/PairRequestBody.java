package org.foundryrelay.sim.protocol;

/**
 * The {@code POST /auth/pair-request} body that starts the browser (device) pairing flow. Null fields
 * are left out of the JSON.
 *
 * @param clientId    only for a permissions upgrade of an already paired world
 * @param upgradeOnly true for such an upgrade; null for a normal pairing
 */
public record PairRequestBody(String worldId, String worldTitle, String systemId, String systemTitle,
                              String systemVersion, String foundryVersion, String serverFingerprint,
                              String clientId, Boolean upgradeOnly) {

    /** A normal (non-upgrade) pairing request for a world described by {@code info}. */
    public static PairRequestBody of(WorldInfo info, String serverFingerprint) {
        return new PairRequestBody(info.worldId(), info.worldTitle(), info.systemId(), info.systemTitle(),
                info.systemVersion(), info.foundryVersion(), serverFingerprint, null, null);
    }
}
