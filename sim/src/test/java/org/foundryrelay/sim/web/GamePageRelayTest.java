package org.foundryrelay.sim.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.sim.web.Worlds.*;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.sim.protocol.ConnectionOptions;
import org.foundryrelay.sim.world.World;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The game page's module script against {@link TestRelay}, a stand-in for the relay's {@code /relay}
 * endpoint: query string, auth as first message, player list, requests answered by the Java world,
 * pushed events, and what each close code does to reconnecting.
 */
class GamePageRelayTest {
    private static final String CLIENT_ID = "fvtt_0123456789abcdef";
    private static final String TOKEN = "tok-\"quoted\"-123";
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Short enough that a reconnect shows up quickly, long enough to tell "none" in a few multiples. */
    private static final Duration BACKOFF_BASE = Duration.ofMillis(200);

    private static Playwright playwright;
    private static Browser browser;
    private BrowserContext context;
    private Page page;
    private TestRelay relay;
    private FoundryFront front;
    private World world;

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
    void start() throws Exception {
        relay = new TestRelay();
        world = lostMine();
        var timings = ConnectionOptions.DEFAULTS.withBackoff(BACKOFF_BASE, Duration.ofSeconds(30), 20);
        var module = ModuleSettings.paired(relay.url(), CLIENT_ID).withTimings(timings);
        front = FoundryFront.start(FoundryFront.Options.of(13, new HostedWorld(world, module)).withActiveWorld(WORLD_ID));
        context = browser.newContext();
        context.setDefaultTimeout(Browsers.TIMEOUT_MS);
        page = context.newPage();
    }

    @AfterEach
    void stop() throws Exception {
        context.close();
        front.close();
        relay.close();
    }

    /** Seeds the token as the relay does, logs the GM in, and returns the authenticated connection. */
    private TestRelay.Conn gmConnected() throws Exception {
        context.addInitScript(Browsers.seedToken(TOKEN));
        page.navigate(front.url());
        Browsers.joinWithSelect(page, "Gamemaster", GM_PASSWORD);
        var conn = relay.next(WAIT);
        assertThat(conn.nextJson(WAIT).toString())
                .isEqualTo("{\"type\":\"auth\",\"token\":" + WebClient.JSON.writeValueAsString(TOKEN) + "}");
        conn.send("{\"type\":\"auth-success\"}");
        assertThat(page.locator("#relay-status")).hasText("connected");
        return conn;
    }

    private Object relayState(String field) {
        return page.evaluate("f => window.__relay[f]", field);
    }

    @Test
    void moduleAuthenticatesAndTheWorldAnswersThroughTheBridge() throws Exception {
        context.addInitScript(Browsers.seedToken(TOKEN));
        page.navigate(front.url());
        Browsers.joinWithSelect(page, "Gamemaster", GM_PASSWORD);

        var conn = relay.next(WAIT);
        assertThat(conn.path()).isEqualTo("/relay");
        assertThat(conn.query()).containsExactly(
                java.util.Map.entry("id", CLIENT_ID),
                java.util.Map.entry("worldId", WORLD_ID),
                java.util.Map.entry("worldTitle", "Lost Mine of Phandelver"),
                java.util.Map.entry("foundryVersion", "13.348"),
                java.util.Map.entry("systemId", "dnd5e"),
                java.util.Map.entry("systemTitle", "Dungeons & Dragons Fifth Edition"),
                java.util.Map.entry("systemVersion", "5.0.4"),
                java.util.Map.entry("customName", "Simulated Table"));
        assertThat(conn.header("origin")).isEqualTo(front.url());

        // The token is the first message; nothing else is sent before auth-success.
        assertThat(conn.nextJson(WAIT).toString())
                .isEqualTo("{\"type\":\"auth\",\"token\":" + WebClient.JSON.writeValueAsString(TOKEN) + "}");
        assertThat(page.locator("#relay-status")).hasText("authenticating");
        conn.send("{\"type\":\"roll\",\"requestId\":\"early\",\"formula\":\"1d1\",\"data\":{}}"); // ignored: not authenticated yet
        conn.send("{\"type\":\"auth-success\"}");

        assertThat(conn.nextJson(WAIT).toString()).isEqualTo("{\"type\":\"ping\"}");
        var players = conn.nextJson(WAIT);
        assertThat(players.get("type").asText()).isEqualTo("player-list");
        assertThat(players.get("users")).extracting(u -> u.get("name").asText()).containsExactly("Gamemaster", "Alice", "Bob");
        assertThat(page.locator("#relay-status")).hasText("connected");

        conn.send("{\"type\":\"roll\",\"requestId\":\"r1\",\"formula\":\"1d1+1\",\"data\":{}}");
        var reply = conn.nextNonPing(WAIT);
        assertThat(reply.get("type").asText()).isEqualTo("roll-result");
        assertThat(reply.get("requestId").asText()).isEqualTo("r1");
        assertThat(reply.at("/data/roll/total").asInt()).isEqualTo(2);
        assertThat(front.bridgedTypes()).containsExactly("roll");

        // A JSON ping from the relay is answered by the page itself.
        conn.send("{\"type\":\"ping\"}");
        assertThat(conn.nextJson(WAIT).toString()).isEqualTo("{\"type\":\"pong\"}");
        assertThat(conn.clientFramesMasked()).isTrue();
    }

    @Test
    void worldPushesReachTheRelayOverTheEventStream() throws Exception {
        var conn = gmConnected();
        conn.nextJson(WAIT); // ping
        conn.nextJson(WAIT); // player-list
        conn.send("{\"type\":\"event-subscription-update\",\"channel\":\"roll-events\",\"count\":1}");
        // The subscription has no reply; a following request proves it was handled first.
        conn.send("{\"type\":\"last-roll\",\"requestId\":\"r2\",\"data\":{}}");
        assertThat(conn.nextNonPing(WAIT).get("requestId").asText()).isEqualTo("r2");
        page.waitForCondition(() -> front.presentUsers().contains(GM));

        // Alice types /roll in Foundry's chat: the push travels world → event stream → page → relay.
        world.chatRoll("Alice", "1d1+3");
        var pushed = conn.nextNonPing(WAIT);
        assertThat(pushed.get("type").asText()).isEqualTo("roll-data");
        assertThat(pushed.at("/data/rollTotal").asInt()).isEqualTo(4);
    }

    @Test
    void abnormalCloseReconnectsButAuthFailureStops() throws Exception {
        var first = gmConnected();
        first.close(1011, "Server restarting");
        assertThat(first.peerClose().get(5, TimeUnit.SECONDS)).isEqualTo(1011);

        var second = relay.next(WAIT);
        assertThat(second.nextJson(WAIT).get("token").asText()).isEqualTo(TOKEN);
        assertThat(relayState("lastCloseCode")).isEqualTo(1011);
        assertThat(relayState("attempts")).isEqualTo(1);

        second.close(4002, "Connection token revoked");
        assertThat(page.locator("#relay-status")).hasText("auth-failed");
        assertThat(relayState("lastCloseCode")).isEqualTo(4002);
        assertThat(relayState("nextRetryMs")).isNull();
        assertThat(relayState("tokenForgotten")).isEqualTo(true);
        assertThat(page.evaluate("k => localStorage.getItem(k)", Browsers.TOKEN_KEY)).isNull();
        // Several backoff periods pass without another attempt.
        assertThat(relay.poll(BACKOFF_BASE.multipliedBy(5))).isNull();
        assertThat(relay.connections()).isEqualTo(2);
    }

    @Test
    void normalCloseStaysDisconnected() throws Exception {
        var conn = gmConnected();
        conn.close(1000, "Replaced by reconnect");
        assertThat(page.locator("#relay-status")).hasText("stopped");
        assertThat(relayState("nextRetryMs")).isNull();
        assertThat(relay.poll(BACKOFF_BASE.multipliedBy(5))).isNull();
    }

    @Test
    void duplicateCloseRetriesAfterThirtySeconds() throws Exception {
        var conn = gmConnected();
        conn.close(4004, "Client ID already connected");
        assertThat(page.locator("#relay-status")).hasText("deferred");
        assertThat(relayState("nextRetryMs")).isEqualTo(30000);
        assertThat(relayState("tokenForgotten")).isEqualTo(false);
    }

    @Test
    void pingsOnEveryInterval() throws Exception {
        front.close();
        var interval = Duration.ofMillis(250);
        var module = ModuleSettings.paired(relay.url(), CLIENT_ID)
                .withTimings(ConnectionOptions.DEFAULTS.withPingInterval(interval));
        front = FoundryFront.start(FoundryFront.Options.running(13, new HostedWorld(world, module)));
        var conn = gmConnected();
        assertThat(conn.nextJson(WAIT).get("type").asText()).isEqualTo("ping"); // right after auth-success
        long start = System.nanoTime();
        // Timers fire late, never early, but one late arrival shortens the next gap, and the first ping may itself
        // have been read late (up to three intervals on a loaded machine): eight more pings must take at least
        // five intervals, which a timer firing even at twice the rate cannot.
        for (int pings = 0; pings < 8; ) {
            var type = conn.nextJson(WAIT).get("type").asText();
            if (!type.equals("ping")) {
                assertThat(type).isEqualTo("player-list");
                continue;
            }
            pings++;
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(interval.multipliedBy(5));
    }

    @Test
    void backoffDoublesWhileTheRelayIsDown() throws Exception {
        var conn = gmConnected();
        relay.close(); // nothing listens any more: every attempt fails
        conn.abort();
        page.waitForCondition(() -> ((Number) relayState("attempts")).intValue() >= 3,
                new Page.WaitForConditionOptions().setTimeout(Browsers.TIMEOUT_MS));
        var attempts = ((Number) relayState("attempts")).intValue();
        var expected = Math.min(30_000, BACKOFF_BASE.toMillis() << (attempts - 1));
        assertThat(((Number) relayState("nextRetryMs")).longValue()).isEqualTo(expected);
        assertThat(page.locator("#relay-status")).hasText("reconnecting");
    }

    @Test
    void withoutATokenThePageDoesNotConnect() throws Exception {
        page.navigate(front.url());
        Browsers.joinWithSelect(page, "Gamemaster", GM_PASSWORD);
        assertThat(page.locator("#relay-status")).hasText("not-paired");
        assertThat(relay.connections()).isZero();
    }

    @Test
    void aPlayerPageDoesNotConnect() throws Exception {
        context.addInitScript(Browsers.seedToken(TOKEN));
        page.navigate(front.url());
        Browsers.joinWithSelect(page, "Alice", ALICE_PASSWORD);
        assertThat(page.locator("#relay-status")).hasText("disabled");
        assertThat(relayState("connections")).isEqualTo(0);
        assertThat(relay.connections()).isZero();
    }

    @Test
    void aSecondLoginOfTheGmEndsTheFirstPagesConnection() throws Exception {
        var conn = gmConnected();
        page.waitForCondition(() -> front.presentUsers().contains(GM));
        var other = browser.newContext();
        try {
            var otherPage = other.newPage();
            otherPage.setDefaultTimeout(Browsers.TIMEOUT_MS);
            otherPage.navigate(front.url());
            // The option is greyed out, but a login by request still goes through and ends the first session.
            var response = otherPage.request().post(front.url() + "/join",
                    com.microsoft.playwright.options.RequestOptions.create()
                            .setData(java.util.Map.of("userid", GM, "password", GM_PASSWORD)));
            assertThat(response.status()).isEqualTo(200);
            page.waitForURL("**/join");
            assertThat(conn.peerClose().get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        } finally {
            other.close();
        }
    }
}
