package org.foundryrelay.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.util.Map;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.http.Bodies;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;

/**
 * {@code POST /session-handshake}, {@code POST /start-session}, {@code DELETE /end-session} and
 * {@code GET /session}, all with the scope {@code session:manage}. See docs/SESSIONS.md. Refusals and
 * start failures get their HTTP status here.
 */
public final class SessionEndpoints implements Endpoints {
    private final ApiGuard guard;
    private final HeadlessSessions sessions;

    public SessionEndpoints(ApiGuard guard, HeadlessSessions sessions) {
        this.guard = guard;
        this.sessions = sessions;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/session-handshake", answering(this::handshake));
        routes.post("/start-session", answering(this::start));
        routes.delete("/end-session", answering(this::end));
        routes.get("/session", answering(this::list));
    }

    /** A session operation that may be refused or fail to start. */
    @FunctionalInterface
    private interface Operation {
        void handle(Context ctx) throws LaunchException;
    }

    /** Turns the session room's refusals and start failures into HTTP errors. */
    private static Handler answering(Operation operation) {
        return ctx -> {
            try {
                operation.handle(ctx);
            } catch (Refusal r) {
                throw new ApiException(status(r.reason()), r.body(), retryAfter(r.reason()));
            } catch (LaunchException e) {
                throw new ApiException(status(e.failure()), e.failure().body());
            }
        };
    }

    /** The HTTP status of a refusal. */
    static int status(Refusal.Reason reason) {
        return switch (reason) {
            case MISSING_HEADERS, MISSING_FIELDS, TOO_LONG, BAD_CAPTURE_LEVEL, URL_INVALID, HANDSHAKE_UNKNOWN,
                 DECRYPT_FAILED -> 400;
            case NONCE_MISMATCH -> 401;
            case URL_REFUSED -> 403;
            case HANDSHAKE_USED -> 409;
            case HANDSHAKE_EXPIRED -> 410;
            case HANDSHAKE_LIMIT, SESSION_LIMIT -> 429;
            case INTERNAL_ERROR -> 500;
            case HEADLESS_DISABLED, INTERRUPTED -> 503;
            case LAUNCH_TIMEOUT -> 504;
        };
    }

    private static Map<String, String> retryAfter(Refusal.Reason reason) {
        return switch (reason) {
            case HANDSHAKE_LIMIT -> Map.of("Retry-After", "60");
            case SESSION_LIMIT -> Map.of("Retry-After", "30");
            default -> Map.of();
        };
    }

    /** The HTTP status of a start that failed once the browser was involved. */
    static int status(StartFailure failure) {
        return switch (failure) {
            case StartFailure.WorldNotFound f -> 404;
            case StartFailure.LoginRefused f -> switch (f.kind()) {
                case INVALID_PASSWORD -> 401;
                case UNKNOWN_USER -> 404;
                case OTHER -> 403;
            };
            case StartFailure.SetupBlocked f -> 409;
            case StartFailure.NoWorldRunning f -> 409;
            case StartFailure.WorldLaunchFailed f -> 409;
            case StartFailure.OtherWorldRunning f -> 409;
            case StartFailure.UserBusy f -> 409;
            case StartFailure.Cancelled f -> 409;
            case StartFailure.FoundryUnreachable f -> 502;
            case StartFailure.NotFoundry f -> 502;
            case StartFailure.BrowserUnavailable f -> 503;
            case StartFailure.GameDidNotLoad f -> 504;
            case StartFailure.ModuleTimeout f -> 504;
        };
    }

    private void handshake(Context ctx) {
        var principal = guard.require(ctx, Scope.SESSION_MANAGE);
        var h = sessions.handshake(principal, ctx.header("x-foundry-url"), ctx.header("x-username"), ctx.header("x-world-name"));
        var target = h.target();
        var body = Json.object()
                .put("token", h.token())
                .put("publicKey", h.publicKeyPem())
                .put("nonce", h.nonce())
                .put("expires", Instant.ofEpochMilli(h.expiresAt()).toString())
                .put("expiresAt", h.expiresAt())
                .put("foundryUrl", target.url().toString())
                .put("username", target.username())
                .put("worldName", target.worldName())
                .put("instanceId", sessions.instanceId());
        Responses.json(ctx, 200, body);
    }

    private void start(Context ctx) throws LaunchException {
        var principal = guard.require(ctx, Scope.SESSION_MANAGE);
        var body = Bodies.object(ctx);
        var token = text(body, "handshakeToken");
        var encrypted = text(body, "encryptedPassword");
        if (token == null || token.isEmpty() || encrypted == null || encrypted.isEmpty()) {
            throw new Refusal(Refusal.Reason.MISSING_FIELDS, "handshakeToken and encryptedPassword are required");
        }
        var captureRaw = text(body, "captureBrowserConsole");
        ConsoleCapture.Level capture = null;
        if (captureRaw != null && !captureRaw.isBlank()) {
            capture = ConsoleCapture.Level.parse(captureRaw).orElseThrow(() -> new Refusal(Refusal.Reason.BAD_CAPTURE_LEVEL,
                    "captureBrowserConsole must be \"error\", \"warn\" or \"debug\""));
        }
        var world = text(body, "worldName");
        if (world != null && world.length() > 256) throw new Refusal(Refusal.Reason.TOO_LONG, "worldName may hold at most 256 characters");
        var started = sessions.start(principal, new HeadlessSessions.StartRequest(token, encrypted, capture, world));
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
        Responses.json(ctx, 200, answer);
    }

    private void end(Context ctx) {
        var principal = guard.require(ctx, Scope.SESSION_MANAGE);
        var id = ctx.queryParam("sessionId");
        if ((id == null || id.isBlank()) && !ctx.body().isBlank()) id = text(Bodies.object(ctx), "sessionId");
        if (id == null || id.isBlank()) throw new Refusal(Refusal.Reason.MISSING_FIELDS, "sessionId is required");
        if (!sessions.end(principal, id)) {
            var body = Json.error("Session not found").put("reason", "session-not-found").put("sessionId", id)
                    .put("message", "No running or starting session of this account has this id");
            Responses.json(ctx, 404, body);
            return;
        }
        Responses.json(ctx, 200, Json.object().put("status", "ok").put("success", true).put("message", "Session ended")
                .put("sessionId", id));
    }

    private void list(Context ctx) {
        var principal = guard.require(ctx, Scope.SESSION_MANAGE);
        var listing = sessions.list(principal);
        var body = Json.object();
        var active = body.putArray("activeSessions");
        long now = System.currentTimeMillis();
        for (var s : listing.running()) active.add(running(s, now));
        var pending = body.putArray("pendingSessions");
        for (var s : listing.starting()) pending.add(starting(s, now));
        var ended = body.putArray("endedSessions");
        for (var r : listing.ended()) ended.add(ended(r));
        Responses.json(ctx, 200, body);
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

    private static String text(ObjectNode body, String field) {
        var node = body.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
