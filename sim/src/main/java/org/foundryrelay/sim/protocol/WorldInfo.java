package org.foundryrelay.sim.protocol;

/** World metadata as the module reports it on connect. Any field may be null. */
public record WorldInfo(
        String worldId,
        String worldTitle,
        String foundryVersion,
        String systemId,
        String systemTitle,
        String systemVersion,
        String customName) {}
