package org.foundryrelay.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.foundryrelay.testing.ApiSocket;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RawSocket;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code TRUSTED_PROXIES}: only a trusted peer's {@code X-Forwarded-For}/{@code X-Real-IP} name the client, and then
 * every consumer sees the forwarded address (failed-authentication limits on HTTP, SSE, MCP and {@code /ws/api};
 * the request log; a world's host for IP rules, duplicates and the world log). Anyone else's headers are ignored.
 */
class TrustedProxyTest {
    private static final int FAILURES = 3;
    private static final String ADMIN = "admin@relay.test";
    private static final String PASSWORD = "Proxied-Pass-1";
    /** No trusted proxies (the default): the test's loopback peer is every request's client. */
    private static TestRelay direct;
    /** Loopback is a trusted proxy, so the test can speak as one. */
    private static TestRelay proxied;

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger worldLog = (Logger) LoggerFactory.getLogger("org.foundryrelay.foundry");
    private final Logger requestLog = (Logger) LoggerFactory.getLogger("request");
    private Level previousWorld;
    private Level previousRequest;

    @BeforeAll
    static void start() {
        direct = TestRelay.start(Map.of("AUTH_FAILURE_LIMIT", Integer.toString(FAILURES),
                "ADMIN_EMAIL", ADMIN, "ADMIN_PASSWORD", PASSWORD));
        proxied = TestRelay.start(Map.of("AUTH_FAILURE_LIMIT", Integer.toString(FAILURES),
                "ADMIN_EMAIL", ADMIN, "ADMIN_PASSWORD", PASSWORD, "TRUSTED_PROXIES", "127.0.0.1, ::1/128"));
    }

    @AfterAll
    static void stop() {
        if (direct != null) direct.close();
        if (proxied != null) proxied.close();
    }

    @BeforeEach
    void capture() {
        appender.start();
        previousWorld = worldLog.getLevel();
        previousRequest = requestLog.getLevel();
        worldLog.setLevel(Level.INFO);
        requestLog.setLevel(Level.INFO);
        worldLog.addAppender(appender);
        requestLog.addAppender(appender);
    }

    @AfterEach
    void release() {
        worldLog.detachAppender(appender);
        requestLog.detachAppender(appender);
        worldLog.setLevel(previousWorld);
        requestLog.setLevel(previousRequest);
    }

    private boolean logged(String... parts) {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> java.util.Arrays.stream(parts).allMatch(line::contains));
    }

    private static HttpResponse<String> badKey(TestRelay relay, String path, String... headers) {
        var all = new String[headers.length + 2];
        all[0] = "x-api-key";
        all[1] = "not-a-real-key";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return Http.get(relay.uri(path), all);
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() {
        // Every request names another client, yet all are the one TCP peer's failures.
        for (int i = 1; i <= FAILURES; i++) {
            var r = badKey(direct, "/clients", "X-Forwarded-For", "203.0.113." + i, "X-Real-IP", "198.51.100." + i);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        }
        var r = badKey(direct, "/clients", "X-Forwarded-For", "203.0.113.99", "X-Real-IP", "198.51.100.99");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(r.body()).contains("Too many failed authentication attempts");
        await().atMost(Duration.ofSeconds(5)).until(() -> logged("path=/clients", "status=429", "ip=127.0.0.1"));
        assertThat(logged("203.0.113.")).isFalse();
    }

    @Test
    void aTrustedProxysForwardedClientsHaveBudgetsOfTheirOwnOnEveryTransport() {
        for (int i = 0; i < FAILURES; i++) {
            assertThat(badKey(proxied, "/clients", "X-Forwarded-For", "203.0.113.1").statusCode()).isEqualTo(401);
        }
        assertThat(badKey(proxied, "/clients", "X-Forwarded-For", "203.0.113.1").statusCode()).isEqualTo(429);
        // Addresses a client writes left of what the proxy appended do not buy it a new budget.
        assertThat(badKey(proxied, "/clients", "X-Forwarded-For", "198.51.100.7, 203.0.113.1").statusCode()).isEqualTo(429);
        assertThat(badKey(proxied, "/clients", "X-Forwarded-For", "198.51.100.8", "X-Forwarded-For", "203.0.113.1, 127.0.0.1")
                .statusCode()).as("the right-most address that is not a proxy").isEqualTo(429);
        // The same client through SSE, MCP and /ws/api.
        assertThat(badKey(proxied, "/rolls/subscribe?clientId=fvtt_0000000000000001", "X-Forwarded-For", "203.0.113.1")
                .statusCode()).isEqualTo(429);
        var mcp = Http.post(proxied.uri("/mcp"), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                "x-api-key", "not-a-real-key", "Content-Type", "application/json", "Accept", "application/json, text/event-stream",
                "X-Forwarded-For", "203.0.113.1");
        assertThat(mcp.statusCode()).as(mcp.body()).isEqualTo(429);
        try (var ws = ApiSocket.open(proxied, "", "x-api-key", "not-a-real-key", "X-Forwarded-For", "203.0.113.1")) {
            assertThat(ws.closedWithin(Duration.ofSeconds(5))).startsWith("4002").contains("Too many failed authentication");
        }

        // Other forwarded clients, and the proxy itself, are untouched.
        var other = badKey(proxied, "/clients", "X-Forwarded-For", "203.0.113.2");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(401);
        assertThat(badKey(proxied, "/clients", "X-Real-IP", "2001:db8::5").statusCode()).isEqualTo(401);
        assertThat(badKey(proxied, "/clients").statusCode()).isEqualTo(401);
        try (var ws = ApiSocket.open(proxied, "", "x-api-key", "not-a-real-key", "X-Forwarded-For", "203.0.113.3")) {
            assertThat(ws.closedWithin(Duration.ofSeconds(5))).startsWith("4002").doesNotContain("Too many");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> logged("path=/clients", "status=401", "ip=203.0.113.2")
                && logged("path=/clients", "status=401", "ip=[2001:db8:0:0:0:0:0:5]"));
    }

    @Test
    void aWorldBehindATrustedProxyIsKnownByItsForwardedAddress() throws IOException {
        var token = proxied.connectionToken("forwarded", "fvtt_f0000000000000a1");
        allowIps(proxied, "forwarded", "203.0.113.0/24");
        try (var world = world(proxied, "fvtt_f0000000000000a1", token, "203.0.113.50")) {
            assertThat(world.next().text()).contains("auth-success");
            await().atMost(Duration.ofSeconds(5)).until(() -> logged("world connected", "client=fvtt_f0000000000000a1",
                    "address=203.0.113.50"));
            // Another host under the same client id is refused; one outside the token's rules is not let in at all.
            try (var second = world(proxied, "fvtt_f0000000000000a1", token, "203.0.113.51")) {
                assertThat(closeOf(second)).isEqualTo("4004 Client ID already connected");
            }
            try (var outside = world(proxied, "fvtt_f0000000000000a1", token, "198.51.100.1")) {
                assertThat(closeOf(outside)).isEqualTo("4002 IP address not allowed");
            }
            // The same host reconnecting replaces the old socket.
            try (var again = world(proxied, "fvtt_f0000000000000a1", token, "203.0.113.50")) {
                assertThat(again.next().text()).contains("auth-success");
                assertThat(closeOf(world)).isEqualTo("1000 Replaced by reconnect");
            }
        }
    }

    @Test
    void aWorldCannotForgeItsAddressToAnUntrustingRelay() throws IOException {
        var token = direct.connectionToken("forged", "fvtt_f0000000000000b1");
        allowIps(direct, "forged", "203.0.113.0/24");
        try (var world = world(direct, "fvtt_f0000000000000b1", token, "203.0.113.50")) {
            assertThat(closeOf(world)).isEqualTo("4002 IP address not allowed");
        }
        assertThat(logged("world login refused", "client=fvtt_f0000000000000b1", "address=127.0.0.1")).isTrue();
    }

    @Test
    void aTrustedProxysSchemeShapesTheRelaysOwnUrls() {
        // The dashboard shows the module the relay URL to enter: wss:// when the client reached the proxy over TLS.
        var session = "relay_session=" + dashboardSession(proxied);
        var page = Http.get(proxied.uri("/dashboard/worlds"), "Cookie", session, "X-Forwarded-Proto", "https");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<code>wss://127.0.0.1:" + proxied.relay().port() + "</code>");
        var plain = Http.get(proxied.uri("/dashboard/worlds"), "Cookie", session);
        assertThat(plain.body()).contains("<code>ws://127.0.0.1:" + proxied.relay().port() + "</code>");
        // A peer that is no trusted proxy does not decide the scheme.
        var untrusted = Http.get(direct.uri("/dashboard/worlds"), "Cookie", "relay_session=" + dashboardSession(direct),
                "X-Forwarded-Proto", "https");
        assertThat(untrusted.body()).contains("<code>ws://127.0.0.1:" + direct.relay().port() + "</code>");
    }

    /** Signs the admin in through the dashboard's own form; returns the session cookie's value. */
    private static String dashboardSession(TestRelay relay) {
        var form = Http.get(relay.uri("/dashboard/login"));
        var csrf = cookie(form, "relay_csrf");
        var body = "email=" + java.net.URLEncoder.encode(ADMIN, java.nio.charset.StandardCharsets.UTF_8)
                + "&password=" + PASSWORD + "&_csrf=" + csrf;
        var signedIn = Http.send(Http.builder(relay.uri("/dashboard/login"), "Cookie", "relay_csrf=" + csrf,
                "Content-Type", "application/x-www-form-urlencoded").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
        return cookie(signedIn, "relay_session");
    }

    private static String cookie(HttpResponse<String> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie: " + r.statusCode() + " " + r.headers()));
    }

    private static void allowIps(TestRelay relay, String account, String rules) {
        var tokenId = relay.cli("tokens", "list", "--account", account).out().trim().split("\\s+")[0];
        assertThat(relay.cli("tokens", "allow-ips", tokenId, rules).exitCode()).isZero();
    }

    /** A module's socket opened through "a proxy" on loopback that forwards {@code client}; sends the auth message. */
    private static RawSocket world(TestRelay relay, String clientId, String token, String client) throws IOException {
        var raw = RawSocket.open(relay.relay().port(), "/relay?id=" + clientId, "127.0.0.1",
                "X-Forwarded-For: " + client + "\r\nX-Forwarded-Proto: https\r\n");
        assertThat(raw.status()).isEqualTo(101);
        raw.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
        return raw;
    }

    private static String closeOf(RawSocket raw) throws IOException {
        for (var f = raw.next(); f != null; f = raw.next()) {
            if (f.opcode() == 0x8) return f.closeCode() + " " + f.closeReason();
        }
        return "no close frame";
    }
}
