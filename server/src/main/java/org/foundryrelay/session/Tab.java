package org.foundryrelay.session;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.ServiceWorkerPolicy;
import java.util.regex.Pattern;
import org.foundryrelay.json.Json;

/**
 * One session's browser context and page. The context is separate from every other session's (cookies,
 * storage), and the session's connection token is put into localStorage, as the module's client setting,
 * before any Foundry script runs, and only on the Foundry origin. Every method runs on the browser thread,
 * inside a {@link BrowserHost} step.
 */
final class Tab {
    static final String TOKEN_KEY = "foundry-rest-api.connectionToken";

    /** Requests to literal link-local or cloud-metadata hosts are aborted, whatever page asks for them. */
    static final Pattern BLOCKED = Pattern.compile("^[a-z][a-z0-9+.-]*://(169\\.254\\.[0-9.]+"
            + "|100\\.100\\.100\\.200|\\[fe[89ab][0-9a-f]:[^\\]]*\\]|\\[fd00:ec2::254\\]|metadata\\.google\\.internal"
            + "|metadata\\.goog)([:/?#]|$)", Pattern.CASE_INSENSITIVE);

    private final BrowserHost host;
    private final BrowserContext context;
    private final Page page;
    private final ConsoleCapture console;
    private boolean closing;

    private Tab(BrowserHost host, BrowserContext context, Page page, ConsoleCapture console) {
        this.host = host;
        this.context = context;
        this.page = page;
        this.console = console;
    }

    /**
     * Opens a new context and page with the token seeded for {@code origin}.
     *
     * @param console where the page's console goes, or null
     * @param onGone  run (on a virtual thread) when the page crashes or closes by itself
     */
    static Tab open(Browser browser, BrowserHost host, String origin, String token, ConsoleCapture console,
                    Runnable onGone) {
        var context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 800)
                .setServiceWorkers(ServiceWorkerPolicy.BLOCK));
        try {
            context.setDefaultTimeout(15_000);
            context.setDefaultNavigationTimeout(30_000);
            context.route(BLOCKED, Route::abort);
            context.addInitScript(seedScript(origin, token));
            var page = context.newPage();
            if (console != null) console.attach(page);
            var tab = new Tab(host, context, page, console);
            page.onCrash(p -> Thread.ofVirtual().start(onGone));
            page.onClose(p -> {
                host.release(p);
                if (!tab.closing) Thread.ofVirtual().start(onGone);
            });
            host.pump(page);
            return tab;
        } catch (PlaywrightException e) {
            context.close();
            throw e;
        }
    }

    /** Sets the module's client setting (JSON-encoded, as Foundry stores it) on the Foundry origin only. */
    static String seedScript(String origin, String token) {
        return "(() => { if (location.origin !== " + Json.write(origin) + ") return;"
                + " try { localStorage.setItem(" + Json.write(TOKEN_KEY) + ", JSON.stringify(" + Json.write(token) + ")); }"
                + " catch (e) { } })();";
    }

    Page page() {
        return page;
    }

    boolean isClosed() {
        return page.isClosed();
    }

    /** Closes the context (and so the page and its relay socket). */
    void close() {
        closing = true;
        host.release(page);
        try {
            context.close();
        } catch (PlaywrightException e) {
            // already gone with the browser
        }
        if (console != null) console.close();
    }
}
