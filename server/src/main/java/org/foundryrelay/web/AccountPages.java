package org.foundryrelay.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import org.foundryrelay.accounts.AccountService;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.store.AccountRecord;

/**
 * The dashboard's account pages: first-run setup, sign-in and out, password change and reset, and the admin
 * page (accounts and relay status).
 */
public final class AccountPages implements org.foundryrelay.http.Endpoints {
    private final AccountService accounts;
    private final Web web;
    private final RelayStatus status;
    private final String publicUrl;

    /** What the admin page shows about the relay: its version, live counts, and the kind of store. */
    public record RelayStatus(String version, java.util.function.IntSupplier worldsOnline,
                              java.util.function.IntSupplier headlessSessions, String store) {}

    public AccountPages(AccountService accounts, RelayStatus status, String publicUrl) {
        this.accounts = accounts;
        this.web = new Web(accounts);
        this.status = status;
        this.publicUrl = publicUrl;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.redirect("/dashboard"));
        routes.get("/dashboard", ctx -> {
            if (web.current(ctx).isPresent()) ctx.redirect("/dashboard/worlds");
            else ctx.redirect(accounts.setupOpen() ? "/dashboard/setup" : "/dashboard/login");
        });
        routes.get("/dashboard/login", ctx -> login(ctx, 200, null));
        routes.post("/dashboard/login", this::signIn);
        routes.post("/dashboard/logout", ctx -> {
            var s = Session.require(web, ctx);
            if (s == null) return;
            accounts.logout(s.current());
            Web.setCookie(ctx, Web.SESSION_COOKIE, "", 0);
            ctx.redirect("/dashboard/login");
        });
        routes.get("/dashboard/setup", ctx -> setup(ctx, 200, null));
        routes.post("/dashboard/setup", this::doSetup);
        routes.get("/dashboard/password", ctx -> {
            var s = Session.require(web, ctx);
            if (s != null) password(ctx, s.page("Change password", "password"));
        });
        routes.post("/dashboard/password", this::changePassword);
        routes.post("/dashboard/sign-out-everywhere", ctx -> {
            var s = Session.require(web, ctx);
            if (s == null) return;
            int ended = accounts.signOutEverywhere(s.account().id(), s.current().session().id());
            password(ctx, s.page("Change password", "password").withNotice(ended + " other sessions signed out."));
        });
        routes.get("/dashboard/reset", ctx -> reset(ctx, 200, ctx.queryParam("token"), null, null));
        routes.post("/dashboard/reset", this::doReset);
        routes.get("/dashboard/admin", ctx -> {
            var s = Session.require(web, ctx);
            if (s != null && admin(ctx, s)) admin(ctx, s.page("Admin", "admin"), null);
        });
        routes.post("/dashboard/admin/accounts", this::createAccount);
        routes.post("/dashboard/admin/accounts/{id}/{action}", this::changeAccount);
    }

    // --- sign-in and setup ---------------------------------------------------------------------------

    private void login(Context ctx, int code, String error) {
        if (accounts.setupOpen()) {
            ctx.redirect("/dashboard/setup");
            return;
        }
        var page = new Page("Sign in", "login", null, Web.preSessionCsrf(ctx), null, error);
        Web.render(ctx, code, "login.jte", Map.of("page", page, "next", Web.safeNext(ctx.queryParam("next"))));
    }

    private void signIn(Context ctx) {
        Web.requireCsrf(ctx, ctx.cookie(Web.PRE_COOKIE));
        var next = Web.safeNext(ctx.formParam("next"));
        try {
            var signIn = accounts.login(Web.form(ctx, "email"), ctx.formParam("password"), "web", ctx.header("User-Agent"),
                    ctx.req().getRemoteAddr());
            Web.setCookie(ctx, Web.SESSION_COOKIE, signIn.token(), AccountService.WEB_SESSION_TTL.toSeconds());
            ctx.redirect(next);
        } catch (ApiException e) {
            var page = new Page("Sign in", "login", null, Web.preSessionCsrf(ctx), null, e.getMessage());
            Web.render(ctx, e.status(), "login.jte", Map.of("page", page, "next", next));
        }
    }

    private void setup(Context ctx, int code, String error) {
        if (!accounts.setupOpen()) {
            ctx.redirect("/dashboard/login");
            return;
        }
        accounts.setupCode(); // make sure one is printed
        var page = new Page("Set up your relay", "setup", null, Web.preSessionCsrf(ctx), null, error);
        Web.render(ctx, code, "setup.jte", Map.of("page", page));
    }

    private void doSetup(Context ctx) {
        Web.requireCsrf(ctx, ctx.cookie(Web.PRE_COOKIE));
        var password = ctx.formParam("password");
        if (password == null || !password.equals(ctx.formParam("password2"))) {
            setup(ctx, 400, "The two passwords differ");
            return;
        }
        try {
            accounts.setup(Web.form(ctx, "code"), Web.form(ctx, "email"), password);
            var signIn = accounts.login(Web.form(ctx, "email"), password, "web", ctx.header("User-Agent"), ctx.req().getRemoteAddr());
            Web.setCookie(ctx, Web.SESSION_COOKIE, signIn.token(), AccountService.WEB_SESSION_TTL.toSeconds());
            ctx.redirect("/dashboard/worlds");
        } catch (ApiException e) {
            if (e.status() == 409) ctx.redirect("/dashboard/login");
            else setup(ctx, e.status(), e.getMessage());
        }
    }

    // --- passwords -----------------------------------------------------------------------------------

    private void password(Context ctx, Page page) {
        Web.render(ctx, page.error() == null ? 200 : 400, "password.jte", Map.of("page", page,
                "sessions", accounts.sessions(page.account().id())));
    }

    private void changePassword(Context ctx) {
        var s = Session.require(web, ctx);
        if (s == null) return;
        var page = s.page("Change password", "password");
        var next = ctx.formParam("newPassword");
        if (next == null || !next.equals(ctx.formParam("newPassword2"))) {
            password(ctx, page.withError("The two new passwords differ"));
            return;
        }
        try {
            accounts.changePassword(s.current(), ctx.formParam("currentPassword"), next);
            password(ctx, page.withNotice("Password changed. Your other sessions were signed out."));
        } catch (ApiException e) {
            password(ctx, page.withError(e.getMessage()));
        }
    }

    private void reset(Context ctx, int code, String token, String notice, String error) {
        var page = new Page("Choose a new password", "reset", null, Web.preSessionCsrf(ctx), notice, error);
        var model = new HashMap<String, Object>();
        model.put("page", page);
        model.put("token", token == null ? "" : token);
        model.put("valid", accounts.resetTokenValid(token));
        Web.render(ctx, code, "reset.jte", model);
    }

    private void doReset(Context ctx) {
        Web.requireCsrf(ctx, ctx.cookie(Web.PRE_COOKIE));
        var token = Web.form(ctx, "token");
        var password = ctx.formParam("password");
        if (password == null || !password.equals(ctx.formParam("password2"))) {
            reset(ctx, 400, token, null, "The two passwords differ");
            return;
        }
        try {
            accounts.resetPassword(token, password);
            reset(ctx, 200, null, "Password changed. You can sign in now.", null);
        } catch (ApiException e) {
            reset(ctx, e.status(), token, null, e.getMessage());
        }
    }

    // --- admin ---------------------------------------------------------------------------------------

    private boolean admin(Context ctx, Session s) {
        if (s.account().isAdmin()) return true;
        Web.render(ctx, 403, "message.jte", Map.of("page", s.page("Admins only", "admin").withError(
                "This page is for the relay's admins. Ask an admin if you need an account changed.")));
        return false;
    }

    private void admin(Context ctx, Page page, String resetLink) {
        var model = new HashMap<String, Object>();
        model.put("page", page);
        model.put("accounts", accounts.list());
        model.put("resetLink", resetLink);
        model.put("version", status.version());
        model.put("worldsOnline", status.worldsOnline().getAsInt());
        model.put("headless", status.headlessSessions().getAsInt());
        model.put("store", status.store());
        Web.render(ctx, page.error() == null ? 200 : 400, "admin.jte", model);
    }

    private void createAccount(Context ctx) {
        var s = Session.require(web, ctx);
        if (s == null || !admin(ctx, s)) return;
        var page = s.page("Admin", "admin");
        try {
            var pw = ctx.formParam("password");
            var a = accounts.create(Web.form(ctx, "name"), Web.form(ctx, "email"), pw == null ? null : pw.toCharArray(),
                    ctx.formParam("admin") != null);
            admin(ctx, page.withNotice("Account " + a.name() + " created."), null);
        } catch (ApiException e) {
            admin(ctx, page.withError(e.getMessage()), null);
        }
    }

    private void changeAccount(Context ctx) {
        var s = Session.require(web, ctx);
        if (s == null || !admin(ctx, s)) return;
        var page = s.page("Admin", "admin");
        var target = accounts.byId(ctx.pathParam("id")).orElse(null);
        if (target == null) {
            admin(ctx, page.withError("No such account"), null);
            return;
        }
        var me = s.account().id();
        String link = null;
        switch (ctx.pathParam("action")) {
            case "promote" -> accounts.setRole(target, AccountRecord.ADMIN, me);
            case "demote" -> {
                if (target.id().equals(me)) {
                    admin(ctx, page.withError("You cannot demote yourself"), null);
                    return;
                }
                accounts.setRole(target, AccountRecord.USER, me);
            }
            case "disable" -> {
                if (target.id().equals(me)) {
                    admin(ctx, page.withError("You cannot disable yourself"), null);
                    return;
                }
                accounts.setDisabled(target, true, me);
            }
            case "enable" -> accounts.setDisabled(target, false, me);
            case "reset-link" -> link = base(ctx) + "/dashboard/reset?token=" + accounts.resetToken(target, me);
            default -> throw new ApiException(404, "Unknown account action");
        }
        admin(ctx, page.withNotice(link != null ? "Reset link for " + target.name() + " (one hour, single use):"
                : "Account " + target.name() + " updated."), link);
    }

    private String base(Context ctx) {
        return publicUrl != null ? publicUrl : ctx.scheme() + "://" + ctx.host();
    }
}
