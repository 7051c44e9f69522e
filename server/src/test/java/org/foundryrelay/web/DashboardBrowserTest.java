package org.foundryrelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.Pairings;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.SimWorlds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard in a real Chromium, as a new operator uses it: first-run setup, sign-in, pairing a simulated
 * world with the shown code until its light turns green, making a key, using it, revoking it, and finding
 * every step in the activity page. Also: forms without their CSRF token are refused, non-admins are kept off
 * the admin page, and pages fit a phone's width. Screenshots land in target/screenshots (and in
 * docs/dashboard with -Ddocs.screenshots=true).
 */
class DashboardBrowserTest {
    private static final String PASSWORD = "Game-Master-1";
    private static final Path SHOTS = Path.of("target/screenshots");

    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("AUTH_RATE_LIMIT", "0"));

    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void launch() {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of("/usr/bin/chromium"))
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    @AfterAll
    static void close() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    private static String url(String path) {
        return env.relay().uri(path).toString();
    }

    private static void shot(Page page, String name) throws IOException {
        Files.createDirectories(SHOTS);
        var file = SHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        if (Boolean.getBoolean("docs.screenshots")) {
            var docs = Path.of("../docs/dashboard");
            Files.createDirectories(docs);
            Files.copy(file, docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static BrowserContext context() {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(1100, 800)
                .setPermissions(List.of("clipboard-read", "clipboard-write")));
    }

    private static void signIn(Page page, String login, String password) {
        page.navigate(url("/dashboard/login"));
        page.getByLabel("Email or account name").fill(login);
        page.getByLabel("Password").fill(password);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
    }

    @Test
    void fromFirstRunToARevokedKeyWithEveryStepInTheActivityLog() throws IOException {
        var relay = env.relay();
        try (var ctx = context()) {
            var page = ctx.newPage();

            // First run: the dashboard asks for the setup code from the log.
            page.navigate(url("/"));
            assertThat(page.url()).endsWith("/dashboard/setup");
            page.getByLabel("Setup code from the log").fill("WRONG123");
            page.getByLabel("Your email").fill("gm@example.com");
            page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(PASSWORD);
            page.getByLabel("Password again").fill(PASSWORD);
            page.locator("form button[type=submit]").click();
            assertThat(page.locator(".error").textContent()).contains("Wrong setup code");
            shot(page, "setup");
            page.getByLabel("Setup code from the log").fill(relay.relay().setupCode());
            page.getByLabel("Your email").fill("gm@example.com");
            page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(PASSWORD);
            page.getByLabel("Password again").fill(PASSWORD);
            page.locator("form button[type=submit]").click();
            page.waitForURL("**/dashboard/worlds");
            assertThat(relay.relay().setupCode()).as("setup closes once an account exists").isNull();

            // Sign out and back in.
            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
            page.waitForURL("**/dashboard/login");
            shot(page, "sign-in");
            signIn(page, "gm@example.com", "Not-The-Password-1");
            assertThat(page.locator(".error").textContent()).isEqualTo("Invalid credentials");
            signIn(page, "gm@example.com", PASSWORD);
            page.waitForURL("**/dashboard/worlds");

            // Pair a simulated world with the code the page shows; the light turns green by itself.
            page.locator("#pair-button").click();
            var code = page.locator("#pair-code").textContent().trim();
            assertThat(code).matches("[A-Z2-9]{6}");
            var paired = Pairings.json(Pairings.pair(relay, Map.of("code", code, "worldId", "lost-mine", "worldTitle", "Lost Mine")));
            var clientId = paired.path("clientId").asText();
            env.sims().connect(relay, clientId, paired.path("token").asText(), SimWorlds.world("lost-mine"));
            page.locator("#pair-status.online").waitFor();
            assertThat(page.locator("#pair-status").textContent()).contains("Connected");
            page.navigate(url("/dashboard/worlds"));
            page.locator("[data-light='" + clientId + "'].online").waitFor();
            page.locator("[data-test-link='" + clientId + "']").click();
            page.locator("[data-test-result='" + clientId + "']:has-text('Answered in')").waitFor();
            shot(page, "worlds");

            // Make a key with one more scope than the preselected read-only ones, and copy it once.
            page.navigate(url("/dashboard/keys"));
            assertThat(page.locator("input[value='roll:read']").isChecked()).isTrue();
            assertThat(page.locator("input[value='execute-js']").isChecked()).isFalse();
            assertThat(page.locator("label.dangerous:has(input[value='execute-js'])").isVisible()).isTrue();
            page.getByLabel("Name (what uses it, e.g. \"Discord bot\")").fill("dice-bot");
            page.locator("input[value='roll:execute']").check();
            page.locator("#new-key-form button[type=submit]").click();
            var key = page.locator("#new-key").textContent().trim();
            assertThat(key).matches("[0-9a-f]{64}");
            page.locator("[data-copy='new-key']").click();
            assertThat(page.evaluate("navigator.clipboard.readText()")).isEqualTo(key);
            shot(page, "keys");

            // Live events: a roll made with the key appears on the events page.
            var events = ctx.newPage();
            events.navigate(url("/dashboard/events"));
            events.locator("#events-status:has-text('Watching')").waitFor();
            assertThat(Http.post(relay.uri("/roll"), "{\"formula\":\"1d1+2\",\"createChatMessage\":true,\"flavor\":\"Stealth\"}",
                    "x-api-key", key).statusCode()).isEqualTo(200);
            events.locator("#events li:has-text('1d1+2 = 3')").waitFor();
            shot(events, "events");
            events.close();

            // Revoke it from the page: the next request with it is refused.
            page.navigate(url("/dashboard/keys"));
            page.locator("[data-revoke]").click();
            assertThat(page.locator(".notice").textContent()).contains("Key revoked");
            assertThat(Http.post(relay.uri("/roll"), "{\"formula\":\"1d4\"}", "x-api-key", key).statusCode()).isEqualTo(401);

            // Every step is in the activity log.
            page.navigate(url("/dashboard/activity"));
            var actions = page.locator("tbody tr").evaluateAll("rows => rows.map(r => r.dataset.action)").toString();
            assertThat(actions).contains("account.created", "session.started", "world.pair-code", "world.paired",
                    "world.connected", "key.created", "POST /roll", "key.revoked");
            shot(page, "activity");

            // A form posted without its CSRF token is refused, even with the session cookie.
            var forged = page.request().post(url("/dashboard/keys"), RequestOptions.create()
                    .setForm(FormData.create().set("name", "forged").set("scope", "execute-js")));
            assertThat(forged.status()).isEqualTo(403);
            assertThat(forged.text()).contains("CSRF");
            var wrong = page.request().post(url("/dashboard/keys"), RequestOptions.create()
                    .setForm(FormData.create().set("_csrf", "0".repeat(64)).set("name", "forged").set("scope", "execute-js")));
            assertThat(wrong.status()).isEqualTo(403);

            // The admin makes a plain account.
            page.navigate(url("/dashboard/admin"));
            page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("player");
            page.getByLabel("Password").fill("Player-Pass-1");
            page.locator("form[action='/dashboard/admin/accounts'] button").click();
            assertThat(page.locator(".notice").textContent()).contains("player");
            shot(page, "admin");
        }

        // A non-admin cannot open or use the admin page.
        try (var ctx = context()) {
            var page = ctx.newPage();
            signIn(page, "player", "Player-Pass-1");
            page.waitForURL("**/dashboard/worlds");
            assertThat(page.locator("nav a[href='/dashboard/admin']").count()).isZero();
            var admin = page.navigate(url("/dashboard/admin"));
            assertThat(admin.status()).isEqualTo(403);
            assertThat(page.locator(".error").textContent()).contains("admins");
            var csrf = page.locator("meta[name=csrf]").getAttribute("content");
            var attempt = page.request().post(url("/dashboard/admin/accounts"), RequestOptions.create()
                    .setForm(FormData.create().set("_csrf", csrf).set("name", "sneaky").set("password", "Sneaky-Pass-1").set("admin", "1")));
            assertThat(attempt.status()).isEqualTo(403);
            assertThat(relay.cli("accounts", "list").out()).doesNotContain("sneaky");
            // The player sees none of the admin's worlds or keys.
            page.navigate(url("/dashboard/worlds"));
            assertThat(page.locator("#no-worlds").isVisible()).isTrue();
        }
    }

    @Test
    void pagesFitAPhoneAndEveryInputHasALabel() throws IOException {
        try (var ctx = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844).setIsMobile(true))) {
            var page = ctx.newPage();
            page.navigate(url("/dashboard/login"));
            for (var path : List.of("/dashboard/login", "/dashboard/reset?token=x")) {
                page.navigate(url(path));
                assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).as(path).isTrue();
            }
            env.relay().cliWithInput("Phone-Pass-1\n", "accounts", "create", "phone", "--email", "phone@example.com");
            signIn(page, "phone", "Phone-Pass-1");
            page.waitForURL("**/dashboard/worlds");
            for (var path : List.of("/dashboard/worlds", "/dashboard/keys", "/dashboard/activity", "/dashboard/password",
                    "/dashboard/sessions", "/dashboard/events")) {
                page.navigate(url(path));
                assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).as(path).isTrue();
                var unlabelled = page.evaluate("""
                        [...document.querySelectorAll('input:not([type=hidden]), select')]
                          .filter(i => !(i.labels && i.labels.length) && !i.getAttribute('aria-label')).length""");
                assertThat(((Number) unlabelled).intValue()).as(path).isZero();
            }
            page.navigate(url("/dashboard/keys"));
            shot(page, "keys-phone");
            // Keyboard: the first Tab reaches the skip link, Enter moves focus to the content.
            page.keyboard().press("Tab");
            assertThat(page.evaluate("document.activeElement.className")).isEqualTo("skip");
        }
    }
}
