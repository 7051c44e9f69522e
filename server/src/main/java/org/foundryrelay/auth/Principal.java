package org.foundryrelay.auth;

import java.util.Map;
import java.util.Set;

/**
 * Who is calling: the account and the key presented, with what that key allows.
 *
 * @param clientIds    worlds this key may reach; empty means every world of the account
 * @param foundryUser  Foundry user forced on every request unless {@code foundryUsers} names the world
 */
public record Principal(
        String accountId,
        String accountName,
        String keyId,
        Set<Scope> scopes,
        Set<String> clientIds,
        String foundryUser,
        Map<String, String> foundryUsers) {

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    /** Whether this key may address the given world. */
    public boolean mayReach(String clientId) {
        return clientIds.isEmpty() || clientIds.contains(clientId);
    }

    /** The Foundry user this key is bound to for the given world, or null when the caller may choose. */
    public String foundryUserFor(String clientId) {
        var perWorld = foundryUsers.get(clientId);
        return perWorld != null ? perWorld : foundryUser;
    }
}
