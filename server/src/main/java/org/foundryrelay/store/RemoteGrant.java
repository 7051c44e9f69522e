package org.foundryrelay.store;

import java.util.List;

/**
 * What a connection token allows its world to do to other worlds of the same account.
 *
 * @param targets  client ids the world may call, {@code *} for every world of the account; empty = none
 * @param scopes   scope names those calls may use (the called row's scope must be among them)
 * @param perHour  calls the world may make in any hour; 0 = no cap
 */
public record RemoteGrant(List<String> targets, List<String> scopes, int perHour) {
    public RemoteGrant {
        targets = List.copyOf(targets);
        scopes = List.copyOf(scopes);
    }

    /** Whether the world may call {@code clientId} at all. */
    public boolean allows(String clientId) {
        return targets.contains("*") || targets.contains(clientId);
    }
}
