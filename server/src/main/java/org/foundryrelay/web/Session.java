package org.foundryrelay.web;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.foundryrelay.accounts.AccountService;
import org.foundryrelay.store.AccountRecord;

/** The signed-in person behind a dashboard request, with the frame of the page being built for them. */
record Session(AccountService.Current current, String csrf) {
    AccountRecord account() {
        return current.account();
    }

    Page page(String title, String nav) {
        return new Page(title, nav, account(), csrf, null, null);
    }

    /**
     * The signed-in session, or null after redirecting to the sign-in page (which comes back here). A POST is
     * also checked for its CSRF token.
     */
    static Session require(Web web, Context ctx) {
        var current = web.current(ctx);
        if (current.isEmpty()) {
            var back = ctx.method().name().equals("GET") ? ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString())
                    : "/dashboard";
            ctx.redirect("/dashboard/login?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
            return null;
        }
        var csrf = Web.csrfOf(ctx);
        if (!ctx.method().name().equals("GET")) Web.requireCsrf(ctx, csrf);
        return new Session(current.get(), csrf);
    }
}
