package org.foundryrelay.session;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import org.foundryrelay.cluster.Relays.Answer;
import org.foundryrelay.json.Json;

/**
 * The answers of the session operations run on the relay holding the sessions, exactly as its client gets
 * them: the endpoints write them, and another relay of the cluster that asked for them hands them on unchanged.
 */
final class SessionAnswers {
    private final HeadlessSessions sessions;
    private final Clock clock;

    SessionAnswers(HeadlessSessions sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Starts (or joins) the session of a handshake this relay issued. */
    Answer start(String accountId, HeadlessSessions.StartRequest request) {
        try {
            var started = sessions.start(accountId, request);
            var s = started.session();
            var answer = Json.object()
                    .put("success", true)
                    .put("sessionId", s.id)
                    .put("clientId", s.clientId())
                    .put("message", started.existing() ? "A session for this world and user is already running; returning it"
                            : "Foundry session started successfully");
            var live = sessions.liveWorld(s);
            if (live != null) answer.put("worldId", live.meta().worldId()).put("worldTitle", live.meta().worldTitle());
            if (started.existing()) answer.put("existingSession", true);
            if (s.console != null) answer.put("consoleLog", s.console.relativeName());
            return new Answer(200, Json.write(answer));
        } catch (Refusal r) {
            return refused(r);
        } catch (LaunchException e) {
            return new Answer(SessionEndpoints.status(e.failure()), Json.write(e.failure().body()));
        }
    }

    /** Ends one of the account's sessions on this relay; 404 when it has no live session with this id here. */
    Answer end(String accountId, String sessionId) {
        try {
            if (sessions.end(accountId, sessionId)) {
                return new Answer(200, Json.write(Json.object().put("status", "ok").put("success", true)
                        .put("message", "Session ended").put("sessionId", sessionId)));
            }
            return notFound(sessionId);
        } catch (Refusal r) {
            return refused(r);
        }
    }

    static Answer notFound(String sessionId) {
        return new Answer(404, Json.write(Json.error("Session not found").put("reason", "session-not-found")
                .put("sessionId", sessionId).put("message", "No running or starting session of this account has this id")));
    }

    static Answer refused(Refusal r) {
        return new Answer(SessionEndpoints.status(r.reason()), Json.write(r.body()));
    }

    /**
     * The account's sessions on this relay as {@code GET /session} lists them: {@code activeSessions},
     * {@code pendingSessions} and {@code endedSessions} (the store's, which hold every relay's).
     */
    ObjectNode listing(String accountId) {
        var listing = sessions.list(accountId);
        var body = Json.object();
        long now = clock.millis();
        var active = body.putArray("activeSessions");
        for (var s : listing.running()) active.add(running(s, now));
        var pending = body.putArray("pendingSessions");
        for (var s : listing.starting()) pending.add(starting(s, now));
        ArrayNode ended = body.putArray("endedSessions");
        for (var r : listing.ended()) ended.add(ended(r));
        return body;
    }

    private ObjectNode running(HeadlessSession s, long now) {
        var node = common(s.id, s.target.url().toString(), s.target.username(), s.target.worldName(), s.startedAt);
        var live = sessions.liveWorld(s);
        var meta = live != null ? live.meta()
                : s.state() instanceof SessionState.Running r ? r.meta() : null;
        node.put("status", "active").put("clientId", s.clientId()).put("online", live != null);
        if (meta != null) {
            node.put("worldId", meta.worldId()).put("worldTitle", meta.worldTitle()).put("foundryVersion", meta.foundryVersion())
                    .put("systemId", meta.systemId()).put("systemTitle", meta.systemTitle())
                    .put("systemVersion", meta.systemVersion()).put("customName", meta.customName() == null ? "" : meta.customName());
        }
        long last = s.lastActivity();
        node.put("lastActivity", last).put("idleMinutes", Math.max(0, (now - last) / 60_000))
                .put("instanceId", s.instanceId);
        if (s.console != null) node.put("consoleLog", s.console.relativeName()).put("consoleLevel", s.console.level().wire());
        return node;
    }

    private static ObjectNode starting(HeadlessSession s, long now) {
        var node = common(s.id, s.target.url().toString(), s.target.username(), s.target.worldName(), s.startedAt);
        node.put("status", "pending").put("waitingSeconds", Math.max(0, (now - s.startedAt) / 1000)).put("instanceId", s.instanceId);
        if (s.console != null) node.put("consoleLog", s.console.relativeName()).put("consoleLevel", s.console.level().wire());
        return node;
    }

    private static ObjectNode ended(SessionRecord r) {
        var node = common(r.id(), r.foundryUrl(), r.username(), r.worldName(), r.startedAt());
        node.put("status", "ended").put("clientId", r.clientId()).put("worldId", r.worldId()).put("worldTitle", r.worldTitle())
                .put("lastActivity", r.lastActivity()).put("endedAt", r.endedAt()).put("endReason", r.endReason())
                .put("instanceId", r.instanceId());
        if (r.consoleLog() != null) node.put("consoleLog", r.consoleLog());
        return node;
    }

    private static ObjectNode common(String id, String url, String username, String worldName, long startedAt) {
        return Json.object().put("sessionId", id).put("id", id).put("foundryUrl", url).put("username", username)
                .put("worldName", worldName).put("startedAt", startedAt);
    }
}
