package org.foundryrelay.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.util.Map;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.cluster.Relays;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.http.Bodies;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;

/**
 * {@code POST /session-handshake}, {@code POST /start-session}, {@code DELETE /end-session} and
 * {@code GET /session}, all with the scope {@code session:manage}. See docs/SESSIONS.md. Refusals and
 * start failures get their HTTP status here; in a cluster, starts, ends and listings reach the relays holding
 * the sessions ({@link SessionsAcross}), whose answers are written unchanged.
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
        var h = sessions.handshake(principal.accountId(), ctx.header("x-foundry-url"), ctx.header("x-username"), ctx.header("x-world-name"));
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

    private void start(Context ctx) {
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
        var answer = sessions.across().start(principal.accountId(), new HeadlessSessions.StartRequest(token, encrypted, capture, world));
        // Only the session cap refuses a start with 429, wherever it ran.
        if (answer.status() == 429) retryAfter(Refusal.Reason.SESSION_LIMIT).forEach(ctx::header);
        write(ctx, answer);
    }

    private void end(Context ctx) {
        var principal = guard.require(ctx, Scope.SESSION_MANAGE);
        var id = ctx.queryParam("sessionId");
        if ((id == null || id.isBlank()) && !ctx.body().isBlank()) id = text(Bodies.object(ctx), "sessionId");
        if (id == null || id.isBlank()) throw new Refusal(Refusal.Reason.MISSING_FIELDS, "sessionId is required");
        write(ctx, sessions.across().end(principal.accountId(), id));
    }

    private void list(Context ctx) {
        var principal = guard.require(ctx, Scope.SESSION_MANAGE);
        write(ctx, sessions.across().list(principal.accountId()));
    }

    private static void write(Context ctx, Relays.Answer answer) {
        Responses.rawJson(ctx, answer.status(), answer.body());
    }

    private static String text(ObjectNode body, String field) {
        var node = body.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
