package org.foundryrelay.accounts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.foundryrelay.audit.AuditLog;
import org.foundryrelay.audit.AuditLog.Who;
import org.foundryrelay.auth.ConnectionTokens;
import org.foundryrelay.auth.IpRules;
import org.foundryrelay.auth.PairRequests;
import org.foundryrelay.auth.Pairing;
import org.foundryrelay.foundry.Reply;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.foundry.WorldsElsewhere;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.json.Json;
import org.foundryrelay.store.TokenRecord;
import org.foundryrelay.store.WorldRecord;
import org.foundryrelay.store.WorldRepository;

/**
 * A signed-in account's worlds and their connection tokens: pairing codes, device-flow decisions, renaming,
 * unpairing and revoking, each recorded in the activity log. Everything is looked up within the account, so
 * another account's world or token reads as not found.
 */
public final class Worlds {
    private final WorldRepository worlds;
    private final ConnectionTokens tokens;
    private final Pairing pairing;
    private final PairRequests pairRequests;
    private final WorldHub hub;
    private final WorldsElsewhere elsewhere;
    private final AuditLog audit;

    public Worlds(WorldRepository worlds, ConnectionTokens tokens, Pairing pairing, PairRequests pairRequests, WorldHub hub,
                  AuditLog audit) {
        this(worlds, tokens, pairing, pairRequests, hub, WorldsElsewhere.NONE, audit);
    }

    /** @param elsewhere the worlds other relays of a cluster hold ({@link WorldsElsewhere#NONE} for one relay) */
    public Worlds(WorldRepository worlds, ConnectionTokens tokens, Pairing pairing, PairRequests pairRequests, WorldHub hub,
                  WorldsElsewhere elsewhere, AuditLog audit) {
        this.elsewhere = elsewhere;
        this.worlds = worlds;
        this.tokens = tokens;
        this.pairing = pairing;
        this.pairRequests = pairRequests;
        this.hub = hub;
        this.audit = audit;
    }

    public List<WorldRecord> list(String accountId) {
        return worlds.listByAccount(accountId);
    }

    public Optional<WorldRecord> find(String accountId, String clientId) {
        return worlds.find(accountId, clientId);
    }

    public WorldHub hub() {
        return hub;
    }

    /**
     * The account's worlds connected to any relay of the cluster, by client id, with when each was last heard
     * from; only this relay's own when the cluster cannot be asked.
     */
    public Map<String, Long> connected(String accountId) {
        var out = new HashMap<String, Long>();
        try {
            for (var w : elsewhere.online(accountId)) out.put(w.clientId(), w.lastHeard());
        } catch (WorldsElsewhere.Unavailable e) {
            // this relay's worlds only
        }
        for (var socket : hub.online(accountId)) out.put(socket.clientId(), socket.lastHeard());
        return out;
    }

    /**
     * Sends a call to the account's world on whichever relay holds it; completes like {@link WorldHub#request}.
     * Null when the world is not connected anywhere.
     */
    public CompletableFuture<Reply> request(String accountId, String clientId, String type, ObjectNode payload,
                                            long timeoutMillis) {
        var socket = hub.find(accountId, clientId);
        if (socket != null) return hub.request(socket, type, payload, timeoutMillis);
        try {
            var remote = elsewhere.find(accountId, clientId);
            return remote == null ? null : elsewhere.request(remote, type, payload, timeoutMillis);
        } catch (WorldsElsewhere.Unavailable e) {
            return CompletableFuture.completedFuture(new Reply(503, Json.write(Json.error(e.getMessage()))));
        }
    }

    /** A ten-minute pairing code, optionally bound to one of the account's worlds ("add this browser"). */
    public Pairing.Code pairingCode(String accountId, String clientId) {
        if (clientId != null && worlds.find(accountId, clientId).isEmpty()) {
            throw new ApiException(404, "clientId not found in your known clients");
        }
        var code = pairing.createCode(accountId, clientId);
        audit.record(Who.session(accountId), clientId, "world.pair-code", null);
        return code;
    }

    public void rename(String accountId, String clientId, String name) {
        if (name != null && name.length() > 100) throw new ApiException(400, "'customName' is too long");
        if (!worlds.rename(accountId, clientId, name)) throw new ApiException(404, "Client not found");
        audit.record(Who.session(accountId), clientId, "world.renamed", name);
    }

    /**
     * Unpairs a world: closes it with 4002 wherever it is connected, revokes all its tokens and forgets it.
     * Returns the sockets closed (here, or asked to close on another relay of the cluster).
     */
    public int unpair(String accountId, String clientId) {
        if (worlds.find(accountId, clientId).isEmpty()) throw new ApiException(404, "Client not found");
        // Closed before its tokens are revoked, so that the world hears why, and not the revocation, which reaches
        // every relay through the store (and closes it there anyway when the cluster cannot be asked). A token is
        // bound to the world at its first login, so no other socket uses these tokens.
        int closed = hub.closeWorld(accountId, clientId, 4002, "Client removed by owner");
        for (var t : tokens.list(accountId)) {
            if (clientId.equals(t.clientId())) tokens.revoke(t.id());
        }
        worlds.delete(accountId, clientId);
        audit.record(Who.session(accountId), clientId, "world.unpaired", null);
        return closed;
    }

    public List<TokenRecord> tokens(String accountId) {
        return tokens.list(accountId);
    }

    private TokenRecord token(String accountId, String tokenId) {
        return tokens.byId(tokenId).filter(t -> t.accountId().equals(accountId) && t.revokedAt() == null)
                .orElseThrow(() -> new ApiException(404, "Token not found"));
    }

    public void changeToken(String accountId, String tokenId, String name, String allowedIps) {
        var t = token(accountId, tokenId);
        if (allowedIps != null) {
            List<String> ips;
            try {
                ips = allowedIps.isBlank() ? List.of() : IpRules.parseList(allowedIps);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, e.getMessage());
            }
            tokens.setAllowedIps(t.id(), ips);
        }
        if (name != null) tokens.rename(t.id(), name);
        audit.record(Who.session(accountId), t.clientId(), "token.changed", t.name());
    }

    /** Revokes a token and closes the sockets using it; returns how many closed. */
    public int revokeToken(String accountId, String tokenId) {
        var t = token(accountId, tokenId);
        tokens.revoke(t.id());
        int closed = hub.disconnectToken(t.id(), 4002, "Connection token revoked");
        audit.record(Who.session(accountId), t.clientId(), "token.revoked", t.name());
        return closed;
    }

    /** Approves a world's device-flow request for the account. */
    public PairRequests.Decision approve(String accountId, String code) {
        var decision = pairRequests.approve(code, accountId);
        refuse(decision);
        var clientId = decision instanceof PairRequests.Decision.Upgraded u ? u.clientId() : null;
        audit.record(Who.session(accountId), clientId, "world.pair-approved", code);
        return decision;
    }

    public void deny(String accountId, String code) {
        refuse(pairRequests.deny(code));
        audit.record(Who.session(accountId), null, "world.pair-denied", code);
    }

    private void refuse(PairRequests.Decision decision) {
        switch (decision) {
            case PairRequests.Decision.NotFound n -> throw new ApiException(404, "Pair request not found");
            case PairRequests.Decision.Refused r -> throw new ApiException(
                    r.why() == PairRequests.Decision.Why.EXPIRED ? 410 : 400,
                    Json.error(r.why() == PairRequests.Decision.Why.NOT_YET_PAIRED ? r.reason() : "Pair request is not pending")
                            .put("message", r.reason()));
            default -> { }
        }
    }

    public PairRequests pairRequests() {
        return pairRequests;
    }
}
