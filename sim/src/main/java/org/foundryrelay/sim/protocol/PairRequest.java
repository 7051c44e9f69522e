package org.foundryrelay.sim.protocol;

/**
 * A pending browser pairing request: the user opens {@code pairUrl} and approves, while the module
 * polls the status of {@code code}.
 *
 * @param expiresIn seconds until the request expires (600 upstream), 0 if the relay did not say
 */
public record PairRequest(String code, String pairUrl, boolean upgradeOnly, long expiresIn) {}
