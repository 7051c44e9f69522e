package org.foundryrelay.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.foundryrelay.cluster.Relays;
import org.foundryrelay.cluster.Relays.Answer;
import org.foundryrelay.foundry.WorldsElsewhere;
import org.foundryrelay.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headless sessions across the relays of a cluster. A session lives on the relay that holds its browser; the
 * others reach it through named operations: a start goes to the relay that issued the handshake (its token names
 * it, and its private key never leaves it), an end to the relay the store names for the session, and a listing
 * asks every relay that holds one of the account's sessions. Sessions of a relay that left the cluster without
 * ending them are ended in the store by the survivors. A relay on its own answers everything itself.
 */
final class SessionsAcross {
    private static final Logger LOG = LoggerFactory.getLogger(SessionsAcross.class);
    static final String START = "session.start";
    static final String END = "session.end";
    static final String LIST = "session.list";
    /** How long a relay must be missing before its sessions are ended: rides out a Redis restart. */
    static final long GONE_AFTER_MILLIS = 5_000;
    private static final Duration END_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(5);

    private final Relays relays;
    private final StoredSessions stored;
    private final SessionAnswers answers;
    private final Clock clock;
    private final Duration startTimeout;
    private final Map<String, Long> missingSince = new ConcurrentHashMap<>();

    SessionsAcross(Relays relays, HeadlessSessions sessions, StoredSessions stored, Clock clock, int launchTimeoutSeconds) {
        this.relays = relays;
        this.stored = stored;
        this.clock = clock;
        this.answers = new SessionAnswers(sessions, clock);
        // The launch may take its whole timeout; a start joined to one waits 30 s more (see HeadlessSessions).
        this.startTimeout = Duration.ofSeconds(launchTimeoutSeconds + 60L);
        relays.serve(START, body -> {
            var in = Json.parse(body);
            return answers.start(in.path("account").asText(), startRequest(in));
        });
        relays.serve(END, body -> {
            var in = Json.parse(body);
            return answers.end(in.path("account").asText(), in.path("sessionId").asText());
        });
        relays.serve(LIST, body -> {
            try {
                var live = answers.listing(Json.parse(body).path("account").asText());
                live.remove("endedSessions"); // the asking relay reads those from the store
                return new Answer(200, Json.write(live));
            } catch (Refusal r) {
                return SessionAnswers.refused(r);
            }
        });
    }

    boolean clustered() {
        return relays.clustered();
    }

    /** Starts the session of a handshake, on the relay that issued it. Blocks while the browser launches. */
    Answer start(String accountId, HeadlessSessions.StartRequest request) {
        var holder = Handshakes.relayOf(request.handshakeToken());
        if (!relays.clustered() || holder == null || holder.equals(relays.self())) return answers.start(accountId, request);
        var body = Json.object().put("account", accountId).put("handshakeToken", request.handshakeToken())
                .put("encryptedPassword", request.encryptedPassword()).put("worldName", request.worldName())
                .put("captureBrowserConsole", request.capture() == null ? null : request.capture().wire());
        return relays.ask(holder, START, Json.write(body), startTimeout).join();
    }

    /** Ends the account's session on the relay holding it; 404 when the account has no live session with this id. */
    Answer end(String accountId, String sessionId) {
        var local = answers.end(accountId, sessionId);
        if (local.status() != 404 || !relays.clustered()) return local;
        var row = stored.find(sessionId);
        if (row == null || !row.accountId().equals(accountId) || "ended".equals(row.status())
                || row.instanceId().equals(relays.self())) {
            return local;
        }
        var body = Json.object().put("account", accountId).put("sessionId", sessionId);
        return relays.ask(row.instanceId(), END, Json.write(body), END_TIMEOUT).join();
    }

    /**
     * The account's sessions of every relay. A relay that does not answer (it is gone) lists none: its sessions
     * are not running any more, and the survivors end them in the store shortly.
     */
    Answer list(String accountId) {
        ObjectNode listing;
        try {
            listing = answers.listing(accountId);
        } catch (Refusal r) {
            return SessionAnswers.refused(r);
        }
        if (!relays.clustered()) return new Answer(200, Json.write(listing));
        var asked = new LinkedHashMap<String, CompletableFuture<Answer>>();
        var body = Json.write(Json.object().put("account", accountId));
        for (var relay : stored.relaysHolding(accountId)) {
            if (!relay.equals(relays.self())) asked.put(relay, relays.ask(relay, LIST, body, LIST_TIMEOUT));
        }
        for (var entry : asked.entrySet()) {
            var answer = entry.getValue().join();
            if (answer.status() == 503) return answer; // the cluster cannot be asked: say so rather than list part
            if (answer.status() != 200) {
                LOG.debug("GET /session: relay {} answered {}; its sessions are left out", entry.getKey(), answer.status());
                continue;
            }
            try {
                var theirs = Json.parse(answer.body());
                merge(listing, theirs, "activeSessions");
                merge(listing, theirs, "pendingSessions");
            } catch (Exception e) {
                LOG.warn("GET /session: unreadable listing from relay {}", entry.getKey());
            }
        }
        return new Answer(200, Json.write(listing));
    }

    /**
     * The account's live sessions of every relay as the dashboard lists them; null on a relay on its own, or when
     * the cluster cannot be asked (the caller then lists its own).
     */
    java.util.List<HeadlessSessions.Summary> summaries(String accountId) {
        if (!relays.clustered()) return null;
        var answer = list(accountId);
        if (answer.status() != 200) return null;
        try {
            var listing = Json.parse(answer.body());
            var out = new ArrayList<HeadlessSessions.Summary>();
            for (var field : new String[] {"activeSessions", "pendingSessions"}) {
                boolean running = field.equals("activeSessions");
                for (var n : listing.path(field)) {
                    out.add(new HeadlessSessions.Summary(n.path("sessionId").asText(),
                            running ? n.path("clientId").asText(null) : null, n.path("foundryUrl").asText(),
                            n.path("username").asText(), n.path("worldName").asText(null), running,
                            n.path("startedAt").asLong(), n.path("lastActivity").asLong(n.path("startedAt").asLong())));
                }
            }
            return out;
        } catch (Exception e) {
            LOG.warn("dashboard: unreadable session listing: {}", e.getMessage());
            return null;
        }
    }

    private static void merge(ObjectNode into, JsonNode from, String field) {
        var all = new ArrayList<JsonNode>();
        into.withArray(field).forEach(all::add);
        from.path(field).forEach(all::add);
        all.sort(Comparator.comparingLong(n -> n.path("startedAt").asLong()));
        ArrayNode target = into.putArray(field);
        all.forEach(target::add);
    }

    /**
     * Ends in the store the sessions of relays that have been gone from the cluster for {@link #GONE_AFTER_MILLIS}
     * (killed, or cut off): their rows are marked ended ({@code relay-gone}) and their tokens revoked. Every
     * survivor does this; ending a row twice changes nothing.
     */
    void reapGone() {
        try {
            var holders = new HashSet<>(stored.relaysHolding(null));
            holders.remove(relays.self());
            missingSince.keySet().retainAll(holders);
            if (holders.isEmpty()) return;
            var present = relays.present(holders);
            long now = clock.millis();
            for (var relay : holders) {
                if (present.contains(relay)) {
                    missingSince.remove(relay);
                    continue;
                }
                long since = missingSince.computeIfAbsent(relay, r -> now);
                if (now - since >= GONE_AFTER_MILLIS) {
                    int ended = stored.endOpen(relay, SessionState.EndReason.RELAY_GONE);
                    if (ended > 0) LOG.info("relay {} left the cluster: {} headless session(s) of it ended", relay, ended);
                    missingSince.remove(relay);
                }
            }
        } catch (WorldsElsewhere.Unavailable e) {
            // Without Redis nobody can tell who is gone; the time missing starts again once it answers.
            missingSince.clear();
        } catch (RuntimeException e) {
            LOG.warn("headless sessions of gone relays: {}", e.getMessage());
        }
    }

    private static HeadlessSessions.StartRequest startRequest(JsonNode in) {
        var capture = in.hasNonNull("captureBrowserConsole")
                ? ConsoleCapture.Level.parse(in.path("captureBrowserConsole").asText()).orElse(null) : null;
        return new HeadlessSessions.StartRequest(in.path("handshakeToken").asText(), in.path("encryptedPassword").asText(),
                capture, in.hasNonNull("worldName") ? in.path("worldName").asText() : null);
    }
}
