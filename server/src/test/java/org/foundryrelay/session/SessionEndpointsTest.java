package org.foundryrelay.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.session.SessionApi.Oaep;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.StoreAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The session endpoints up to the point where a browser would be needed: handshakes, every refusal of a
 * start, an unreachable Foundry, the cap (which counts starting sessions), joined starts and ending a
 * session that is still starting. No Chromium runs in this class.
 */
class SessionEndpointsTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0", "MAX_HEADLESS_SESSIONS", "1"));

    private static SessionApi api(String account) {
        return new SessionApi(env.relay(), env.relay().key(account, "session:manage"));
    }

    private static String reason(HttpResponse<String> r) {
        return SessionApi.json(r).path("reason").asText();
    }

    private static int closedPort() throws Exception {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aHandshakeHoldsAFreshKeyANonceAndTheTarget() throws Exception {
        var api = api("hs-shape");
        var h = api.handshake("HTTP://127.0.0.1:30000/#top", " Gamemaster ", "Lost Mine");
        assertThat(h.get("token").asText()).matches("[0-9a-f]{64}");
        assertThat(h.get("nonce").asText()).matches("[0-9a-f]{32}");
        assertThat(SessionApi.publicKey(h.get("publicKey").asText()).getAlgorithm()).isEqualTo("RSA");
        assertThat(((java.security.interfaces.RSAPublicKey) SessionApi.publicKey(h.get("publicKey").asText())).getModulus().bitLength())
                .isEqualTo(2048);
        var expires = Instant.parse(h.get("expires").asText());
        assertThat(expires).isBetween(Instant.now().plusSeconds(290), Instant.now().plusSeconds(301));
        assertThat(h.get("expiresAt").asLong()).isEqualTo(expires.toEpochMilli());
        assertThat(h.get("foundryUrl").asText()).isEqualTo("http://127.0.0.1:30000/");
        assertThat(h.get("username").asText()).isEqualTo("Gamemaster");
        assertThat(h.get("worldName").asText()).isEqualTo("Lost Mine");
        assertThat(h.get("instanceId").asText()).isEqualTo("local");
        var again = api.handshake("http://127.0.0.1:30000", "Gamemaster", null);
        assertThat(again.get("publicKey").asText()).isNotEqualTo(h.get("publicKey").asText());
        assertThat(again.get("worldName").isNull()).isTrue();
    }

    @Test
    void handshakesNeedTheScopeBothHeadersAndAnAllowedUrl() {
        var relay = env.relay();
        var wrongScope = relay.key("hs-scope", "clients:read");
        var r = Http.post(relay.uri("/session-handshake"), "", "x-api-key", wrongScope, "x-foundry-url", "http://127.0.0.1:1", "x-username", "G");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("session:manage");
        var api = api("hs-refusals");
        assertThat(api.handshakeResponse(null, "G", null).statusCode()).isEqualTo(400);
        var missing = api.handshakeResponse("http://127.0.0.1:30000", null, null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(SessionApi.json(missing).get("error").asText()).isEqualTo("x-foundry-url and x-username headers are required");
        var ftp = api.handshakeResponse("ftp://127.0.0.1", "G", null);
        assertThat(ftp.statusCode()).isEqualTo(400);
        assertThat(reason(ftp)).isEqualTo("url-invalid");
        var metadata = api.handshakeResponse("http://169.254.169.254/latest/meta-data/", "G", null);
        assertThat(metadata.statusCode()).isEqualTo(403);
        assertThat(reason(metadata)).isEqualTo("url-refused");
        assertThat(SessionApi.json(metadata).get("error").asText()).contains("link-local or cloud-metadata");
    }

    @Test
    void everyStartRefusalBeforeTheBrowserSaysWhatIsWrong() {
        var api = api("start-refusals");
        var other = api("start-refusals-other");
        var url = "http://127.0.0.1:30000";

        var none = api.start("", "");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(SessionApi.json(none).get("error").asText()).isEqualTo("handshakeToken and encryptedPassword are required");
        var h = api.handshake(url, "Gamemaster", null);
        var token = h.get("token").asText();
        var good = SessionApi.encrypt(h.get("publicKey").asText(), "pw", h.get("nonce").asText(), Oaep.SHA256);
        var level = api.start(token, good, "captureBrowserConsole", "verbose");
        assertThat(level.statusCode()).isEqualTo(400);
        assertThat(reason(level)).isEqualTo("bad-capture-level");
        assertThat(reason(api.start("f".repeat(64), good))).isEqualTo("handshake-unknown");

        // Another account's start reads the token as unknown and does not use it up.
        var foreign = other.start(token, good);
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(reason(foreign)).isEqualTo("handshake-unknown");

        // A nonce from another handshake (a replay) is refused, and that uses the handshake up.
        var second = api.handshake(url, "Gamemaster", null);
        var replay = SessionApi.encrypt(second.get("publicKey").asText(), "pw", h.get("nonce").asText(), Oaep.SHA1);
        var refused = api.start(second.get("token").asText(), replay);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(reason(refused)).isEqualTo("nonce-mismatch");
        var twice = api.start(second.get("token").asText(),
                SessionApi.encrypt(second.get("publicKey").asText(), "pw", second.get("nonce").asText(), Oaep.SHA1));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(reason(twice)).isEqualTo("handshake-used");

        var third = api.handshake(url, "Gamemaster", null);
        var wrongKey = api.start(third.get("token").asText(), good); // encrypted for the first handshake's key
        assertThat(wrongKey.statusCode()).isEqualTo(400);
        assertThat(reason(wrongKey)).isEqualTo("decrypt-failed");
        var fourth = api.handshake(url, "Gamemaster", null);
        var notBase64 = api.start(fourth.get("token").asText(), "***");
        assertThat(notBase64.statusCode()).isEqualTo(400);
        assertThat(SessionApi.json(notBase64).get("error").asText()).isEqualTo("encryptedPassword is not valid base64");
        assertThat(api.list().get("activeSessions")).isEmpty();
        assertThat(ProcessHandle.current().descendants().map(p -> p.info().command().orElse("")))
                .as("no browser was needed").noneMatch(c -> c.contains("chrom"));
    }

    @Test
    void anUnreachableFoundryIs502AndTheSessionsTokenIsRevoked() throws Exception {
        var api = api("unreachable");
        var url = "http://127.0.0.1:" + closedPort();
        var r = api.startSession(url, "Gamemaster", "pw", null, Oaep.SHA256);
        assertThat(r.statusCode()).isEqualTo(502);
        var body = SessionApi.json(r);
        assertThat(body.get("reason").asText()).isEqualTo("foundry-unreachable");
        assertThat(body.get("error").asText()).contains("Cannot reach Foundry at " + url, "connection refused");
        var listing = api.list();
        assertThat(listing.get("activeSessions")).isEmpty();
        assertThat(listing.get("pendingSessions")).isEmpty();
        assertThat(listing.get("endedSessions")).singleElement().satisfies(s -> {
            assertThat(s.get("endReason").asText()).isEqualTo("launch-failed");
            assertThat(s.get("status").asText()).isEqualTo("ended");
            assertThat(s.get("foundryUrl").asText()).isEqualTo(url);
        });
        var tokens = StoreAccess.query(env.relay(), "SELECT t.revoked_at FROM connection_tokens t JOIN accounts a ON a.id = t.account_id"
                + " WHERE a.name = ? AND t.source = 'headless'", "unreachable");
        assertThat(tokens).singleElement().satisfies(t -> assertThat(t.get("revoked_at")).isNotNull());
    }

    @Test
    void theCapCountsStartingSessionsAndTheSameWorldAndUserJoinOneLaunch() throws Exception {
        var gate = new CountDownLatch(1);
        var slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        slow.createContext("/", ex -> {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        slow.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        slow.start();
        try {
            var api = api("cap");
            var url = "http://127.0.0.1:" + slow.getAddress().getPort();
            var first = CompletableFuture.supplyAsync(() -> api.startSession(url, "Gamemaster", "pw", null, Oaep.SHA256));
            String id = null;
            for (int i = 0; i < 100 && id == null; i++) {
                var pending = api.list().get("pendingSessions");
                if (!pending.isEmpty()) id = pending.get(0).get("sessionId").asText();
                else Thread.sleep(50);
            }
            assertThat(id).as("the first start shows as pending").isNotNull();
            var pending = api.list().get("pendingSessions").get(0);
            assertThat(pending.get("status").asText()).isEqualTo("pending");
            assertThat(pending.get("username").asText()).isEqualTo("Gamemaster");

            var full = api.startSession(url, "Alice", "pw", null, Oaep.SHA256);
            assertThat(full.statusCode()).isEqualTo(429);
            assertThat(reason(full)).isEqualTo("session-limit");
            assertThat(full.headers().firstValue("Retry-After")).isPresent();

            var joined = CompletableFuture.supplyAsync(() -> api.startSession(url + "/", "gamemaster", "pw", null, Oaep.SHA1));
            Thread.sleep(500);
            assertThat(joined).as("waits for the launch it joined").isNotDone();
            assertThat(api("cap-other").end(id).statusCode()).as("another account cannot end it").isEqualTo(404);
            var ended = api.end(id);
            assertThat(ended.statusCode()).isEqualTo(200);
            assertThat(SessionApi.json(ended).get("message").asText()).isEqualTo("Session ended");
            var joinedAnswer = joined.get(10, TimeUnit.SECONDS);
            assertThat(joinedAnswer.statusCode()).isEqualTo(409);
            assertThat(reason(joinedAnswer)).isEqualTo("session-ended");
            gate.countDown();
            var firstAnswer = first.get(20, TimeUnit.SECONDS);
            assertThat(firstAnswer.statusCode()).isEqualTo(409);
            assertThat(reason(firstAnswer)).isEqualTo("session-ended");

            var listing = api.list();
            assertThat(listing.get("pendingSessions")).isEmpty();
            assertThat(listing.get("endedSessions").get(0).get("endReason").asText()).isEqualTo("ended");
            var freed = api.startSession("http://127.0.0.1:" + closedPort(), "Alice", "pw", null, Oaep.SHA256);
            assertThat(freed.statusCode()).as("the slot is free again").isEqualTo(502);
        } finally {
            gate.countDown();
            slow.stop(0);
        }
    }

    @Test
    void endingAndListingNeedAnIdAndSeeOnlyTheAccountsSessions() {
        var api = api("end-list");
        var missing = Http.method(env.relay().uri("/end-session"), "DELETE", null, "x-api-key",
                env.relay().key("end-list", "session:manage"));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(SessionApi.json(missing).get("error").asText()).isEqualTo("sessionId is required");
        var unknown = api.end("0b1c4e0e-0000-4000-8000-000000000000");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(SessionApi.json(unknown).get("error").asText()).isEqualTo("Session not found");
        var listing = api.list();
        assertThat(listing.get("activeSessions").isArray()).isTrue();
        assertThat(listing.get("pendingSessions").isArray()).isTrue();
        assertThat(listing.get("endedSessions").isArray()).isTrue();
    }
}
