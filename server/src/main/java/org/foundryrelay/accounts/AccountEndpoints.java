package org.foundryrelay.accounts;

import org.foundryrelay.http.ApiDoc;
import static org.foundryrelay.http.ApiDoc.Access.SIGNED_IN;
import static org.foundryrelay.http.ApiDoc.Access.OPEN;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import org.foundryrelay.audit.AuditLog;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.http.Bodies;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.http.RequestLog;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;
import org.foundryrelay.store.AccountRecord;
import org.foundryrelay.store.ApiKeyRepository;
import org.foundryrelay.store.AuditRecord;
import org.foundryrelay.store.AuditRepository;

/**
 * The account part of the established {@code /auth/*} API: register, login, logout, user data, password
 * change and reset, data export, account deletion and the activity log, with its paths, bodies, statuses and
 * error texts. Everything but registration, login and reset needs {@code Authorization: Bearer <session>}.
 */
public final class AccountEndpoints implements Endpoints {
    private static final String RESET_SENT = "If an account with that email exists, a password reset link has been"
            + " sent. This relay sends no mail: ask its admin for the link.";

    private final AccountService accounts;
    private final SessionAuth auth;
    private final ApiKeyRepository keys;
    private final AuditLog audit;
    private final java.time.Clock clock;

    public AccountEndpoints(AccountService accounts, SessionAuth auth, ApiKeyRepository keys, AuditLog audit,
                            java.time.Clock clock) {
        this.clock = clock;
        this.accounts = accounts;
        this.auth = auth;
        this.keys = keys;
        this.audit = audit;
    }

    @Override
    public java.util.List<ApiDoc> documented() {
        return java.util.List.of(
                ApiDoc.json("POST", "/auth/register", "accounts", "Create an account (when registration is open)", OPEN),
                ApiDoc.json("POST", "/auth/login", "accounts", "Sign in; answers a session token for Authorization: Bearer", OPEN),
                ApiDoc.json("POST", "/auth/logout", "accounts", "End this session", SIGNED_IN),
                ApiDoc.json("POST", "/auth/logout-all", "accounts", "End every session of the account", SIGNED_IN),
                ApiDoc.json("GET", "/auth/user-data", "accounts", "The signed-in account", SIGNED_IN),
                ApiDoc.json("POST", "/auth/change-password", "accounts", "Change the password; other sessions end", SIGNED_IN),
                ApiDoc.json("DELETE", "/auth/account", "accounts", "Delete the account with its keys, tokens and worlds", SIGNED_IN),
                ApiDoc.json("GET", "/auth/export-data", "accounts", "Everything the relay keeps about the account", SIGNED_IN),
                ApiDoc.json("POST", "/auth/forgot-password", "accounts", "Ask for a password reset (same answer whether the email exists)", OPEN),
                ApiDoc.json("POST", "/auth/reset-password", "accounts", "Set a new password with a reset token", OPEN),
                ApiDoc.json("GET", "/auth/validate-reset-token/{token}", "accounts", "Whether a reset token is still good", OPEN),
                new ApiDoc("GET", "/auth/activity", "accounts", "The activity log, filtered by key, world and time", SIGNED_IN, null,
                        ApiDoc.JSON, java.util.List.of("keyId", "clientId", "since", "until", "limit")));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/auth/register", this::registerAccount);
        routes.post("/auth/login", this::login);
        routes.post("/auth/logout", ctx -> {
            accounts.logout(auth.require(ctx));
            Responses.json(ctx, 200, Json.object().put("success", true));
        });
        routes.post("/auth/logout-all", ctx -> {
            var current = auth.require(ctx);
            int ended = accounts.signOutEverywhere(current.account().id(), null);
            Responses.json(ctx, 200, Json.object().put("success", true).put("sessionsEnded", ended));
        });
        routes.get("/auth/user-data", ctx -> Responses.json(ctx, 200, userData(auth.require(ctx).account())));
        routes.post("/auth/change-password", ctx -> {
            var current = auth.require(ctx);
            var body = Bodies.object(ctx);
            accounts.changePassword(current, Fields.raw(body, "currentPassword"), Fields.raw(body, "newPassword"));
            Responses.json(ctx, 200, Json.object().put("message", "Password changed; other sessions were signed out"));
        });
        routes.delete("/auth/account", ctx -> {
            var current = auth.require(ctx);
            var body = Bodies.object(ctx);
            accounts.delete(current, Fields.text(body, "confirmEmail"), Fields.raw(body, "password"));
            Responses.json(ctx, 200, Json.object().put("success", true)
                    .put("message", "Account and all its keys, tokens and worlds deleted"));
        });
        routes.get("/auth/export-data", this::export);
        routes.post("/auth/forgot-password", ctx -> {
            var email = Fields.text(Bodies.object(ctx), "email");
            if (email == null) throw new ApiException(400, "Email is required");
            Responses.json(ctx, 200, Json.object().put("message", RESET_SENT));
        });
        routes.post("/auth/reset-password", ctx -> {
            var body = Bodies.object(ctx);
            accounts.resetPassword(Fields.text(body, "token"), Fields.raw(body, "password"));
            Responses.json(ctx, 200, Json.object().put("message", "Password has been reset; sign in with the new password"));
        });
        routes.get("/auth/validate-reset-token/{token}", ctx -> {
            RequestLog.maskPath(ctx, "/auth/validate-reset-token/{token}");
            Responses.json(ctx, 200, Json.object().put("valid", accounts.resetTokenValid(ctx.pathParam("token"))));
        });
        routes.get("/auth/activity", this::activity);
    }

    private void registerAccount(Context ctx) {
        var body = Bodies.object(ctx);
        var signIn = accounts.register(Fields.text(body, "email"), Fields.raw(body, "password"), ctx.header("User-Agent"),
                SessionAuth.address(ctx));
        var a = signIn.account();
        Responses.json(ctx, 201, Json.object().put("id", a.id()).put("email", a.email()).put("name", a.name())
                .put("emailVerified", true).put("createdAt", instant(a.createdAt())).put("subscriptionStatus", "free")
                .put("sessionToken", signIn.token()).put("sessionExpiresAt", instant(signIn.session().expiresAt())));
    }

    private void login(Context ctx) {
        var body = Bodies.object(ctx);
        var login = Fields.text(body, "email");
        var signIn = accounts.login(login, Fields.raw(body, "password"), "api", ctx.header("User-Agent"),
                SessionAuth.address(ctx));
        var o = userData(signIn.account());
        o.remove("limits");
        o.remove("subscriptionStatus");
        o.put("createdAt", instant(signIn.account().createdAt())).put("sessionToken", signIn.token())
                .put("sessionExpiresAt", instant(signIn.session().expiresAt()));
        Responses.json(ctx, 200, o);
    }

    private ObjectNode userData(AccountRecord a) {
        var month = java.time.YearMonth.from(clock.instant().atZone(java.time.ZoneOffset.UTC)).toString();
        long requests = keys.listByAccount(a.id()).stream().filter(k -> month.equals(k.usageMonth()))
                .mapToLong(k -> k.requestsThisMonth()).sum();
        var o = Json.object().put("id", a.id()).put("email", a.email()).put("name", a.name()).put("emailVerified", true)
                .put("apiKeyRotationRequired", false).put("role", a.role()).put("requestsThisMonth", requests)
                .put("subscriptionStatus", "free");
        o.putObject("limits").putNull("monthlyLimit").put("unlimitedMonthly", true);
        return o;
    }

    private void export(Context ctx) {
        var a = auth.require(ctx).account();
        var o = Json.object().put("exportDate", clock.instant().toString());
        var user = userData(a);
        user.put("createdAt", instant(a.createdAt()));
        o.set("user", user);
        o.putObject("subscription").put("status", "free");
        o.putObject("apiAccess").put("hasMasterKey", false);
        var list = o.putArray("scopedKeys");
        for (var k : keys.listByAccount(a.id())) list.add(ApiKeyEndpoints.json(k, false, clock.instant()));
        o.putObject("usage").put("requestsThisMonth", user.path("requestsThisMonth").asLong());
        Responses.json(ctx, 200, o);
    }

    private void activity(Context ctx) {
        var a = auth.require(ctx).account();
        var query = query(ctx, a.id());
        var list = Json.object();
        var arr = list.putArray("activity");
        for (var e : audit.find(query)) arr.add(json(e));
        list.put("total", arr.size());
        Responses.json(ctx, 200, list);
    }

    /** Reads the activity filters {@code keyId}, {@code clientId}, {@code since}, {@code until} and {@code limit}. */
    public static AuditRepository.Query query(Context ctx, String accountId) {
        int limit = 100;
        var rawLimit = ctx.queryParam("limit");
        if (rawLimit != null && !rawLimit.isBlank()) {
            try {
                limit = Math.max(1, Math.min(1000, Integer.parseInt(rawLimit.trim())));
            } catch (NumberFormatException e) {
                throw new ApiException(400, "'limit' must be a valid number");
            }
        }
        return new AuditRepository.Query(accountId, blank(ctx.queryParam("keyId")), blank(ctx.queryParam("clientId")),
                time(ctx, "since"), time(ctx, "until"), limit);
    }

    private static Long time(Context ctx, String name) {
        var raw = blank(ctx.queryParam(name));
        if (raw == null) return null;
        try {
            return raw.matches("\\d+") ? Long.parseLong(raw) : java.time.OffsetDateTime.parse(raw).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            try {
                return java.time.LocalDate.parse(raw).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli()
                        + (name.equals("until") ? 86_399_999 : 0);
            } catch (RuntimeException e2) {
                throw new ApiException(400, "'" + name + "' must be an RFC 3339 date-time, a date or epoch milliseconds");
            }
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static ObjectNode json(AuditRecord e) {
        var o = Json.object().put("id", e.id()).put("at", instant(e.at())).put("action", e.action()).put("actor", e.actor())
                .put("keyId", e.keyId()).put("keyName", e.keyName()).put("clientId", e.clientId()).put("detail", e.detail());
        if (e.status() == null) o.putNull("status"); else o.put("status", e.status());
        if (e.ms() == null) o.putNull("ms"); else o.put("ms", e.ms());
        return o;
    }

    static String instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}
