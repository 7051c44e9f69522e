package org.foundryrelay.foundry;

/** A connected world as callers see it, whether its socket is on this relay or on another member of the cluster. */
public interface WorldRef {
    String accountId();

    String clientId();

    WorldMeta meta();
}
