package org.foundryrelay.sim.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.sim.web.Worlds.*;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The setup screen and the join form in a real Chromium, driven as automation drives real Foundry. */
class JoinFlowBrowserTest {
    private static Playwright playwright;
    private static Browser browser;
    private BrowserContext context;
    private Page page;
    private FoundryFront front;

    @BeforeAll
    static void launchBrowser() {
        playwright = Browsers.playwright();
        browser = Browsers.chromium(playwright);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    @BeforeEach
    void newContext() {
        context = browser.newContext();
        context.setDefaultTimeout(Browsers.TIMEOUT_MS);
        page = context.newPage();
    }

    @AfterEach
    void closeContext() {
        context.close();
        if (front != null) front.close();
    }

    private void startRunning(int version) {
        front = FoundryFront.start(FoundryFront.Options.of(version, HostedWorld.unpaired(lostMine())).withActiveWorld(WORLD_ID));
    }

    @Test
    void gmLogsInWithTheV13Select() {
        startRunning(13);
        page.navigate(front.url());
        assertThat(page).hasURL(front.url() + "/join");
        assertThat(page.locator("#world-title")).hasText("Lost Mine of Phandelver");
        Browsers.joinWithSelect(page, "Gamemaster", GM_PASSWORD);
        assertThat(page.locator("#user-name")).hasText("Gamemaster");
        assertThat(page.locator("#ui-left")).isAttached();
        // An unpaired world's module stays quiet.
        assertThat(page.locator("#relay-status")).hasText("not-paired");
        assertThat(front.logins()).singleElement().satisfies(login -> {
            assertThat(login.field()).isEqualTo("userid");
            assertThat(login.userId()).isEqualTo(GM);
            assertThat(login.json()).isFalse();
        });
        assertThat(context.cookies()).anySatisfy(c -> {
            assertThat(c.name).isEqualTo("session");
            assertThat(c.httpOnly).isTrue();
        });
        // The open page makes the GM present: another browser sees the option greyed out.
        page.waitForCondition(() -> front.presentUsers().contains(GM));
        var other = context.browser().newContext().newPage();
        other.navigate(front.url() + "/join");
        assertThat(other.locator("select[name=userid] option[value='" + GM + "']")).isDisabled();
        assertThat(other.locator("select[name=userid] option[value='" + ALICE + "']")).isEnabled();
        other.context().close();
    }

    @Test
    void gmLogsInByTypingTheV14UserName() {
        startRunning(14);
        page.navigate(front.url());
        assertThat(page.locator("select[name=userid]")).hasCount(0);
        page.locator("#join-username").pressSequentially("gamemaster");
        page.fill("input[name=password]", GM_PASSWORD);
        page.click("button[name=join]");
        page.waitForURL("**/game");
        assertThat(page.locator("#user-name")).hasText("Gamemaster");
        assertThat(front.logins()).singleElement().extracting(LoginAttempt::field).isEqualTo("username");
    }

    @Test
    void strictV14ListsUsersOnlyWhileANameIsTyped() {
        front = FoundryFront.start(FoundryFront.Options.of(14, HostedWorld.unpaired(lostMine())).withActiveWorld(WORLD_ID)
                .withJoinRules(JoinRules.STRICT));
        page.navigate(front.url() + "/join");
        var entries = page.locator("li[data-identifier]");
        assertThat(entries).hasCount(0);
        var name = page.locator("#join-username");

        // Typing the whole name without picking the entry leaves userId empty: Foundry knows no such user.
        name.pressSequentially("Gamemaster");
        assertThat(entries).hasCount(1);
        page.fill("input[name=password]", GM_PASSWORD);
        page.click("button[name=join]");
        assertThat(page.locator("#join-error")).hasAttribute("data-code", "JOIN.ErrorUserDoesNotExist");
        assertThat(name).hasValue("Gamemaster");
        assertThat(entries).hasCount(0);

        // As a person does: type, pick the entry that appears, join.
        name.fill("");
        name.pressSequentially("gam");
        var gm = page.locator("#autocomplete li[data-identifier='" + GM + "']");
        assertThat(gm).hasText("Gamemaster");
        assertThat(entries).hasCount(1);
        gm.click();
        assertThat(name).hasValue("Gamemaster");
        assertThat(page.locator("input[name=userId]")).hasValue(GM);
        page.fill("input[name=password]", GM_PASSWORD);
        page.click("button[name=join]");
        page.waitForURL("**/game");
        assertThat(page.locator("#user-name")).hasText("Gamemaster");
        assertThat(front.logins()).singleElement().extracting(LoginAttempt::field).isEqualTo("userId");

        // A user who is logged in shows greyed out in another browser's list, and cannot be picked.
        page.waitForCondition(() -> front.presentUsers().contains(GM));
        var other = context.browser().newContext().newPage();
        other.navigate(front.url() + "/join");
        other.locator("#join-username").pressSequentially("G");
        var busy = other.locator("li[data-identifier='" + GM + "']");
        assertThat(busy).hasAttribute("data-disabled", "true");
        busy.click();
        assertThat(other.locator("input[name=userId]")).hasValue("");
        other.context().close();
    }

    @Test
    void wrongPasswordStaysOnJoinWithTheError() {
        startRunning(13);
        page.navigate(front.url() + "/join");
        page.selectOption("select[name=userid]", GM);
        page.fill("input[name=password]", "not-the-password");
        page.click("button[name=join]");
        assertThat(page.locator("#join-error")).isVisible();
        assertThat(page.locator("#join-error")).containsText("password");
        assertThat(page).hasURL(front.url() + "/join");
        assertThat(page.locator("select[name=userid]")).hasValue(GM);
        assertThat(context.cookies()).noneMatch(c -> c.name.equals("session"));
        assertThat(front.sessions()).isEmpty();
        page.navigate(front.url() + "/game");
        assertThat(page).hasURL(front.url() + "/join");
    }

    @Test
    void launchesAWorldFromTheSetupScreenThenJoins() {
        front = FoundryFront.start(FoundryFront.Options.of(13, HostedWorld.unpaired(lostMine()),
                HostedWorld.unpaired(world("second-world", "The Second World"))));
        page.navigate(front.url());
        assertThat(page).hasURL(front.url() + "/setup");
        assertThat(page.locator("li.package.world")).hasCount(2);
        page.click("li.package.world[data-package-id=\"second-world\"] a.control.play");
        page.waitForURL("**/join");
        assertThat(front.activeWorld()).contains("second-world");
        assertThat(page.locator("#world-title")).hasText("The Second World");
        Browsers.joinWithSelect(page, "Gamemaster", GM_PASSWORD);
        assertThat(page.locator("#world-title")).hasText("The Second World");
    }

    @Test
    void v14ShowsTheWorldListOnlyAfterLoad() {
        front = FoundryFront.start(FoundryFront.Options.of(14, HostedWorld.unpaired(lostMine())));
        var html = new WebClient(front).get("/setup", null).body();
        assertThat(html).contains("<ol id=\"world-list\" class=\"package-list\"></ol>");
        page.navigate(front.url());
        // Playwright waits for the late list like the relay's polling does.
        page.click("li.package.world[data-package-id=\"" + WORLD_ID + "\"] a.control.play");
        page.waitForURL("**/join");
        assertThat(page.locator("#join-username")).isVisible();
    }

    @Test
    void loginByFetchFromThePageAsTheRelayDoes() {
        startRunning(13);
        page.navigate(front.url() + "/join");
        // The relay's automation posts JSON from inside the page instead of filling the form.
        var result = page.evaluate("""
                async ([id, pw]) => {
                  const response = await fetch('/join', {method: 'POST', headers: {'Content-Type': 'application/json'},
                      body: JSON.stringify({action: 'join', userid: id, userId: id, password: pw})});
                  const data = await response.json();
                  if (response.ok && data.status === 'success') return 'ok:' + new URL(data.redirect, location.href).href;
                  return 'fail:' + data.error;
                }""", java.util.List.of(GM, GM_PASSWORD));
        // Navigating from inside the evaluated script would destroy the context its answer comes back on.
        assertThat(result).asString().startsWith("ok:");
        page.navigate(result.toString().substring(3));
        page.waitForURL("**/game");
        assertThat(page.locator("#game")).isVisible();
        assertThat(front.logins()).singleElement().extracting(LoginAttempt::json).isEqualTo(true);
    }

    @Test
    void shuttingTheWorldDownSendsPagesBackToJoin() {
        startRunning(13);
        page.navigate(front.url());
        Browsers.joinWithSelect(page, "Alice", ALICE_PASSWORD);
        assertThat(page.locator("#relay-status")).hasText("disabled");
        page.waitForCondition(() -> front.presentUsers().contains(ALICE));
        front.shutdown();
        // /join redirects to /setup once no world runs.
        page.waitForURL("**/setup");
        page.waitForCondition(() -> front.presentUsers().isEmpty());
    }
}
