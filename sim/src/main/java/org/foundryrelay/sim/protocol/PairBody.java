package org.foundryrelay.sim.protocol;

/**
 * The world's part of the {@code POST /auth/pair} body (the code is passed separately). Null fields
 * are left out of the JSON, as the module's {@code JSON.stringify} does with undefined values.
 *
 * @param serverFingerprint a stable random id of the Foundry server (module setting, 32 chars)
 * @param existingClientId  the clientId the world had before, if any
 * @param serverOrigin      the world's public URL ({@code window.location.origin})
 */
public record PairBody(String worldId, String worldTitle, String serverFingerprint, String existingClientId,
                       String serverOrigin) {

    /** The body for a world described by {@code info}. */
    public static PairBody of(WorldInfo info, String serverFingerprint, String existingClientId, String serverOrigin) {
        return new PairBody(info.worldId(), info.worldTitle(), serverFingerprint, existingClientId, serverOrigin);
    }
}
