package org.foundryrelay.routes;

import java.util.ArrayList;
import org.foundryrelay.auth.Principal;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.foundry.WorldRef;
import org.foundryrelay.foundry.WorldsElsewhere;
import org.foundryrelay.json.Json;

/**
 * Picks the world a call goes to: the {@code clientId} given (which the key must be allowed to reach),
 * else the only connected world the key may reach. Worlds on this relay come first; in a cluster, worlds
 * held by other relays count too. Worlds of other accounts are invisible here: asking for one reads exactly
 * like asking for a world that is not connected.
 */
final class ClientResolver {
    private final WorldHub hub;
    private final WorldsElsewhere elsewhere;

    ClientResolver(WorldHub hub, WorldsElsewhere elsewhere) {
        this.hub = hub;
        this.elsewhere = elsewhere;
    }

    /** @param clientId the world asked for, or null/empty to pick the only reachable one */
    WorldRef resolve(Principal principal, String clientId) {
        if (clientId != null && !clientId.isEmpty()) {
            if (!principal.mayReach(clientId)) {
                throw new CallRefused(CallRefused.Reason.FORBIDDEN, "API key is not authorized for this client");
            }
            WorldRef world = hub.find(principal.accountId(), clientId);
            if (world == null) world = ask(() -> elsewhere.find(principal.accountId(), clientId));
            if (world == null) {
                throw new CallRefused(CallRefused.Reason.NO_WORLD, Json.error("Invalid client ID").put("clientId", clientId)
                        .put("message", "No Foundry client connected with this ID."));
            }
            return world;
        }
        var candidates = new ArrayList<WorldRef>(hub.online(principal.accountId()));
        candidates.removeIf(w -> !principal.mayReach(w.clientId()));
        var local = candidates.stream().map(WorldRef::clientId).toList();
        try {
            elsewhere.online(principal.accountId()).stream()
                    .filter(w -> !local.contains(w.clientId()) && principal.mayReach(w.clientId())).forEach(candidates::add);
        } catch (WorldsElsewhere.Unavailable e) {
            // Without the cluster's view, this relay's worlds keep being served; anything else cannot be decided.
            if (candidates.isEmpty()) throw new CallRefused(CallRefused.Reason.UNAVAILABLE, e.getMessage());
        }
        if (candidates.size() == 1) return candidates.getFirst();
        if (candidates.isEmpty()) throw new CallRefused(CallRefused.Reason.NO_WORLD, "No connected Foundry clients found");
        var body = Json.error("Multiple clients connected. Please specify clientId.");
        var ids = body.putArray("connectedClients");
        candidates.forEach(w -> ids.add(w.clientId()));
        throw new CallRefused(CallRefused.Reason.AMBIGUOUS_WORLD, body);
    }

    /** Asks the cluster; when it cannot answer, the call is refused with the cause rather than guessed. */
    private static <T> T ask(java.util.function.Supplier<T> question) {
        try {
            return question.get();
        } catch (WorldsElsewhere.Unavailable e) {
            throw new CallRefused(CallRefused.Reason.UNAVAILABLE, e.getMessage());
        }
    }
}
