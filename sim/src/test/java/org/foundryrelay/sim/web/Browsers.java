package org.foundryrelay.sim.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.SelectOption;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/** Playwright with Debian's Chromium, never a downloaded browser. */
final class Browsers {
    static final String TOKEN_KEY = "foundry-rest-api.connectionToken";
    static final double TIMEOUT_MS = 10_000;

    private Browsers() {}

    static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    static Browser chromium(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium"))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    /** The script the relay adds to every new document: the token stored as Foundry stores a client setting. */
    static String seedToken(String token) {
        try {
            var literal = WebClient.JSON.writeValueAsString(token);
            return "try { window.localStorage.setItem(\"" + TOKEN_KEY + "\", JSON.stringify(" + literal + ")); } catch (e) {}";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Logs in on a v11–v13 join page by choosing the user and clicking join, then waits for the game. */
    static void joinWithSelect(Page page, String userName, String password) {
        page.selectOption("select[name=userid]", new SelectOption().setLabel(userName));
        page.fill("input[name=password]", password);
        page.click("button[name=join]");
        page.waitForURL("**/game");
    }
}
