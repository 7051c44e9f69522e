package org.foundryrelay.foundry;

/**
 * A world whose socket is held by another relay of the cluster, as that relay announced it.
 *
 * @param instanceId  the relay holding the socket
 * @param remoteHost  the address the world connected from (for the duplicate rules)
 * @param connectedAt when the socket authenticated (epoch millis)
 * @param lastHeard   when the holder last heard from the world (epoch millis)
 */
public record RemoteWorld(String accountId, String clientId, WorldMeta meta, String instanceId, String remoteHost,
                          long connectedAt, long lastHeard) implements WorldRef {}
