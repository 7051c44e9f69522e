package org.foundryrelay.routes;

import org.foundryrelay.auth.Principal;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.foundry.WorldSocket;
import org.foundryrelay.json.Json;

/**
 * Picks the world a call goes to: the {@code clientId} given (which the key must be allowed to reach),
 * else the only connected world the key may reach. Worlds of other accounts are invisible here: asking for
 * one reads exactly like asking for a world that is not connected.
 */
final class ClientResolver {
    private final WorldHub hub;

    ClientResolver(WorldHub hub) {
        this.hub = hub;
    }

    /** @param clientId the world asked for, or null/empty to pick the only reachable one */
    WorldSocket resolve(Principal principal, String clientId) {
        if (clientId != null && !clientId.isEmpty()) {
            if (!principal.mayReach(clientId)) {
                throw new CallRefused(CallRefused.Reason.FORBIDDEN, "API key is not authorized for this client");
            }
            var world = hub.find(principal.accountId(), clientId);
            if (world == null) {
                throw new CallRefused(CallRefused.Reason.NO_WORLD, Json.error("Invalid client ID").put("clientId", clientId)
                        .put("message", "No Foundry client connected with this ID."));
            }
            return world;
        }
        var candidates = hub.online(principal.accountId()).stream().filter(w -> principal.mayReach(w.clientId())).toList();
        if (candidates.size() == 1) return candidates.getFirst();
        if (candidates.isEmpty()) throw new CallRefused(CallRefused.Reason.NO_WORLD, "No connected Foundry clients found");
        var body = Json.error("Multiple clients connected. Please specify clientId.");
        var ids = body.putArray("connectedClients");
        candidates.forEach(w -> ids.add(w.clientId()));
        throw new CallRefused(CallRefused.Reason.AMBIGUOUS_WORLD, body);
    }
}
