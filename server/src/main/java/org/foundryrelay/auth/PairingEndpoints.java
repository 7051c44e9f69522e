package org.foundryrelay.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.http.Bodies;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.http.RequestLog;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unauthenticated endpoints the Foundry module calls to pair, poll, unpair and probe, with the field
 * names, statuses and texts of the established relay. Each call is counted against a per-address limit,
 * except a status poll or page view of a request that exists: the module polls every three seconds and
 * gives up on the first refusal, while a guessed code still costs the guesser.
 */
public final class PairingEndpoints implements Endpoints {
    private static final Logger LOG = LoggerFactory.getLogger(PairingEndpoints.class);
    private static final String TOO_MANY = "Too many pairing attempts from this address, please try again later";
    private static final int MAX_FIELD = 512;

    private final Pairing pairing;
    private final PairRequests requests;
    private final RateLimiter limiter;
    private final WorldDisconnector disconnector;
    private final Predicate<String> connected;
    private final PairingEvents events;

    /** Told when a world pairs or unpairs itself, for the activity log. */
    public interface PairingEvents {
        PairingEvents NONE = new PairingEvents() { };

        default void paired(String accountId, String clientId, String tokenId) {}

        default void unpaired(String accountId, String clientId, String tokenId) {}
    }

    /**
     * @param limiter      per client address, shared by every endpoint here
     * @param disconnector closes the socket of a world whose token is unpaired
     * @param connected    whether a world with this client id is connected right now
     */
    public PairingEndpoints(Pairing pairing, PairRequests requests, RateLimiter limiter,
                            WorldDisconnector disconnector, Predicate<String> connected) {
        this(pairing, requests, limiter, disconnector, connected, PairingEvents.NONE);
    }

    public PairingEndpoints(Pairing pairing, PairRequests requests, RateLimiter limiter,
                            WorldDisconnector disconnector, Predicate<String> connected, PairingEvents events) {
        this.events = events;
        this.pairing = pairing;
        this.requests = requests;
        this.limiter = limiter;
        this.disconnector = disconnector;
        this.connected = connected;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/auth/pair", this::pair);
        routes.post("/auth/pair-request", this::createRequest);
        routes.get("/auth/pair-request/{code}/status", this::status);
        routes.get("/pair/{code}", this::page);
        routes.post("/api/self-unpair", this::selfUnpair);
        routes.get("/api/clients/{clientId}/active", this::active);
    }

    private void pair(Context ctx) {
        charge(ctx);
        var body = Bodies.object(ctx);
        var code = text(body, "code");
        var input = new Pairing.PairInput(code == null ? null : code.toUpperCase(Locale.ROOT), text(body, "worldId"),
                text(body, "worldTitle"), text(body, "serverFingerprint"), text(body, "existingClientId"),
                text(body, "serverOrigin"));
        Pairing.Paired paired;
        try {
            paired = pairing.pair(input, ctx.header("User-Agent"));
        } catch (Pairing.Refused r) {
            throw new ApiException(switch (r.reason()) {
                case CODE_REQUIRED, WORLD_ID_REQUIRED -> 400;
                case UNKNOWN_CODE -> 404;
                case USED, EXPIRED -> 410;
            }, r.getMessage());
        }
        LOG.info("world {} paired (token {})", paired.clientId(), paired.tokenId());
        events.paired(paired.accountId(), paired.clientId(), paired.tokenId());
        Responses.json(ctx, 200, Json.object()
                .put("token", paired.token())
                .put("clientId", paired.clientId())
                .put("relayUrl", PublicUrls.relayUrl(ctx)));
    }

    private void createRequest(Context ctx) {
        charge(ctx);
        var body = Bodies.object(ctx);
        var worldId = text(body, "worldId");
        if (worldId == null) throw new ApiException(400, "worldId is required");
        var created = requests.create(new PairRequests.NewRequest(worldId, text(body, "worldTitle"),
                text(body, "systemId"), text(body, "systemTitle"), text(body, "systemVersion"),
                text(body, "foundryVersion"), text(body, "clientId"), text(body, "serverFingerprint"),
                body.path("upgradeOnly").asBoolean(false)));
        LOG.info("pair request from world {} ({}) is waiting for approval: relay pair requests",
                printable(worldId), printable(created.worldTitle()));
        Responses.json(ctx, 201, Json.object()
                .put("code", created.code())
                .put("pairUrl", PublicUrls.httpBase(ctx) + "/pair/" + created.code())
                .put("upgradeOnly", created.upgradeOnly())
                .put("expiresIn", PairRequests.REQUEST_TTL.toSeconds())
                .put("expiresAt", Instant.ofEpochMilli(created.expiresAt()).toString()));
    }

    private void status(Context ctx) {
        RequestLog.maskPath(ctx, "/auth/pair-request/{code}/status");
        var poll = requests.poll(ctx.pathParam("code").toUpperCase(Locale.ROOT));
        switch (poll) {
            case PairRequests.Poll.Pending p -> Responses.json(ctx, 200, state("pending"));
            case PairRequests.Poll.Approved a -> Responses.json(ctx, 200,
                    state("approved").put("pairingCode", a.pairingCode()));
            case PairRequests.Poll.Upgraded u -> Responses.json(ctx, 200, state("approved").put("upgraded", true));
            case PairRequests.Poll.Exchanged e -> Responses.json(ctx, 200, state("exchanged").put("message",
                    "The pairing code was already collected; start pairing again if this world is not paired"));
            case PairRequests.Poll.Denied d -> Responses.json(ctx, 200, state("denied"));
            case PairRequests.Poll.Expired e -> Responses.json(ctx, 410, state("expired"));
            case PairRequests.Poll.NotFound n -> {
                charge(ctx);
                throw new ApiException(404, "Pair request not found");
            }
        }
    }

    private void page(Context ctx) {
        RequestLog.maskPath(ctx, "/pair/{code}");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        var found = requests.find(ctx.pathParam("code").toUpperCase(Locale.ROOT));
        if (found.isEmpty()) {
            charge(ctx);
            ctx.status(404).contentType("text/html; charset=utf-8").result(PairPage.notFound());
            return;
        }
        var r = found.get();
        ctx.status(200).contentType("text/html; charset=utf-8")
                .result(PairPage.render(r, requests.stateOf(r), Instant.now()));
    }

    private void selfUnpair(Context ctx) {
        charge(ctx);
        var token = Bodies.object(ctx).get("token");
        if (token == null || !token.isTextual() || token.asText().isBlank()) {
            throw new ApiException(400, "Missing token");
        }
        var revoked = pairing.unpair(token.asText().trim());
        if (revoked.isEmpty()) {
            Responses.json(ctx, 200, unpaired("Token not found; nothing to clean up"));
            return;
        }
        disconnector.disconnectToken(revoked.get().id(), 4002, "Unpaired by owner");
        LOG.info("token {} unpaired by its owner", revoked.get().id());
        events.unpaired(revoked.get().accountId(), revoked.get().clientId(), revoked.get().id());
        Responses.json(ctx, 200, unpaired("Unpaired successfully"));
    }

    private void active(Context ctx) {
        charge(ctx);
        var clientId = ctx.pathParam("clientId");
        if (connected.test(clientId)) {
            Responses.json(ctx, 200, Json.object().put("active", true));
        } else if (pairing.isKnownAnywhere(clientId)) {
            Responses.json(ctx, 200, Json.object().put("active", false));
        } else {
            throw new ApiException(404, "Unknown clientId");
        }
    }

    private void charge(Context ctx) {
        if (!limiter.enabled()) return;
        var decision = limiter.acquire(ctx.req().getRemoteAddr());
        if (!decision.allowed()) {
            throw new ApiException(429, Json.error(TOO_MANY),
                    Map.of("Retry-After", Long.toString(decision.resetSeconds())));
        }
    }

    private static ObjectNode state(String status) {
        return Json.object().put("status", status);
    }

    private static ObjectNode unpaired(String message) {
        return Json.object().put("success", true).put("message", message);
    }

    /** A string field, trimmed; null when absent, blank or not a string. */
    private static String text(ObjectNode body, String field) {
        var node = body.get(field);
        if (node == null || !node.isTextual()) return null;
        var value = node.asText().trim();
        if (value.isEmpty()) return null;
        if (value.length() > MAX_FIELD) {
            throw new ApiException(400, field + " is too long (at most " + MAX_FIELD + " characters)");
        }
        return value;
    }

    // Values a world reports go into log lines; control characters could forge extra lines.
    private static String printable(String value) {
        return value == null ? "-" : "'" + value.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
