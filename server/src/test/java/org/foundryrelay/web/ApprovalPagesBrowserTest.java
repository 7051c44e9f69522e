package org.foundryrelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.foundryrelay.testing.AccountApi;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.Pairings;
import org.foundryrelay.testing.RelayExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests that wait for a person, decided in the dashboard: a world's device-flow pair request, and an
 * integration's key request at /approve/CODE, where the person grants less than was asked.
 */
class ApprovalPagesBrowserTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("AUTH_RATE_LIMIT", "0"));

    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void launch() {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of("/usr/bin/chromium"))
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")));
        env.relay().cliWithInput("Approver-Pass-1\n", "accounts", "create", "approver", "--email", "approver@example.com");
    }

    @AfterAll
    static void close() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    private static String url(String path) {
        return env.relay().uri(path).toString();
    }

    @Test
    void aWorldsPairRequestAndAnIntegrationsKeyRequestAreApprovedInThePages() {
        var relay = env.relay();
        var api = new AccountApi(relay);
        try (var ctx = browser.newContext()) {
            var page = ctx.newPage();
            // The module's device flow: its pair page sends the GM to the dashboard, where sign-in comes first.
            var pairCode = api.call("POST", "/auth/pair-request", null, "{\"worldId\":\"curse\",\"worldTitle\":\"Curse of Strahd\"}")
                    .body().path("code").asText();
            page.navigate(url("/pair/" + pairCode));
            page.locator("a[href='/dashboard/worlds?pair=" + pairCode + "']").click();
            page.waitForURL("**/dashboard/login**");
            page.getByLabel("Email or account name").fill("approver@example.com");
            page.getByLabel("Password").fill("Approver-Pass-1");
            page.locator("form button[type=submit]").click();
            page.waitForURL("**/dashboard/worlds?pair=" + pairCode);
            assertThat(page.locator(".request").textContent()).contains("Curse of Strahd");
            page.locator("form[action='/dashboard/pair-requests/" + pairCode + "/approve'] button").click();
            assertThat(page.locator(".notice").textContent()).contains("Approved");
            var status = api.call("GET", "/auth/pair-request/" + pairCode + "/status", null, null).body();
            assertThat(status.path("status").asText()).isEqualTo("approved");
            var paired = Pairings.pair(relay, Map.of("code", status.path("pairingCode").asText(), "worldId", "curse"));
            assertThat(paired.statusCode()).isEqualTo(200);

            // An integration's key request, granted with one scope less than it asked for.
            var keyCode = api.call("POST", "/auth/key-request", null,
                    "{\"appName\":\"Stream overlay\",\"appDescription\":\"Shows rolls on stream\",\"scopes\":[\"roll:read\",\"execute-js\"]}")
                    .body().path("code").asText();
            page.navigate(url("/dashboard/keys"));
            assertThat(page.content()).as("a non-admin does not browse other people's requests").doesNotContain(keyCode);
            page.navigate(url("/approve/" + keyCode));
            assertThat(page.locator("label.dangerous:has(input[value='execute-js'])").isVisible()).isTrue();
            page.locator("input[value='execute-js']").uncheck();
            page.locator("form[action='/dashboard/key-requests/" + keyCode + "/approve'] button").click();
            assertThat(page.locator(".notice").textContent()).contains("Stream overlay");
            var collected = api.call("GET", "/auth/key-request/" + keyCode + "/status", null, null).body();
            assertThat(collected.path("scopes").toString()).isEqualTo("[\"roll:read\"]");
            assertThat(Http.get(relay.uri("/api/key"), "x-api-key", collected.path("apiKey").asText()).statusCode()).isEqualTo(200);

            // A key request that was already decided cannot be approved again from its page.
            page.navigate(url("/approve/" + keyCode));
            assertThat(page.locator(".error").textContent()).contains("exchanged");
        }
    }
}
