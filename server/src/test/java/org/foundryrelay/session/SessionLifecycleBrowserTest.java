package org.foundryrelay.session;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.foundryrelay.session.SessionApi.Oaep;
import org.foundryrelay.sim.web.FoundryFront;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.SseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A session's life with a short idle timeout: use keeps it, idleness ends it; the documented Java client;
 * console capture; nothing secret in the logs; and a stopping relay leaves no browser behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionLifecycleBrowserTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0",
            "HEADLESS_SESSION_TIMEOUT", "3", "SSE_KEEPALIVE_MS", "500"));

    private FoundryFront front;

    @AfterEach
    void stopFront() {
        if (front != null) front.close();
    }

    private FoundryFront serve(String clientId) {
        front = FoundryFront.start(FoundryFront.Options.running(13, HeadlessBrowserTest.world(env.relay(), "lost-mine", "Lost Mine", clientId)));
        return front;
    }

    private static String key(String account) {
        return env.relay().key(account, "session:manage,encounter:read,events:subscribe");
    }

    private static List<String> chromiumProcesses() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().command().orElse("")).filter(c -> c.contains("chrom")).toList();
    }

    @Test
    @Order(1)
    void useKeepsASessionAndIdlenessEndsIt() throws Exception {
        serve("fvtt_0000000000002001");
        var key = key("idle");
        var api = new SessionApi(env.relay(), key);
        var started = SessionApi.json(api.startSession(front.url(), "Gamemaster", HeadlessBrowserTest.GM_PASSWORD, null, Oaep.SHA256));
        var id = started.get("sessionId").asText();

        long until = System.currentTimeMillis() + 4_500;
        while (System.currentTimeMillis() < until) {
            var r = Http.get(env.relay().uri("/encounters?clientId=fvtt_0000000000002001"), "x-api-key", key);
            assertThat(r.statusCode()).as("requests keep it alive past the 3 s timeout").isEqualTo(200);
            Thread.sleep(700);
        }
        try (var stream = SseClient.open(env.relay().uri("/encounters/subscribe?clientId=fvtt_0000000000002001"), "x-api-key", key)) {
            assertThat(stream.status()).isEqualTo(200);
            Thread.sleep(4_500);
            assertThat(api.list().get("activeSessions")).as("an open event stream is use too").hasSize(1);
        }
        long idleFrom = System.currentTimeMillis();
        var listing = HeadlessBrowserTest.await(api, l -> l.get("activeSessions").isEmpty() && !l.get("endedSessions").isEmpty());
        assertThat(System.currentTimeMillis() - idleFrom).isBetween(2_000L, 9_000L);
        var ended = listing.get("endedSessions").get(0);
        assertThat(ended.get("sessionId").asText()).isEqualTo(id);
        assertThat(ended.get("endReason").asText()).isEqualTo("idle");
        // the tab closes right after the session is recorded as ended; its socket goes down moments later
        var hub = env.relay().relay().hub();
        for (int i = 0; i < 100 && hub.isOnline("fvtt_0000000000002001"); i++) Thread.sleep(50);
        assertThat(hub.isOnline("fvtt_0000000000002001")).isFalse();
    }

    @Test
    @Order(2)
    void theDocumentedJavaClientStartsASession() throws Exception {
        serve("fvtt_0000000000002002");
        var key = key("docs-client");
        var doc = Files.readString(Path.of("..", "docs", "SESSIONS.md"));
        var m = Pattern.compile("<!-- java-example:start -->\\s*```java\\n(.*?)```\\s*<!-- java-example:end -->", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).as("docs/SESSIONS.md holds the Java example").isTrue();
        var dir = Files.createTempDirectory("session-example");
        var source = dir.resolve("StartSession.java");
        Files.writeString(source, m.group(1));
        var java = ProcessHandle.current().info().command().orElseThrow();
        var pb = new ProcessBuilder(java, source.toString()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("RELAY_URL", "http://127.0.0.1:" + env.relay().relay().port(), "RELAY_API_KEY", key,
                "FOUNDRY_URL", front.url(), "FOUNDRY_USER", "Gamemaster", "FOUNDRY_PASSWORD", HeadlessBrowserTest.GM_PASSWORD));
        var process = pb.start();
        var out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("clientId=fvtt_0000000000002002");
        var id = out.lines().filter(l -> l.startsWith("sessionId=")).findFirst().orElseThrow().substring("sessionId=".length());
        var api = new SessionApi(env.relay(), key);
        assertThat(api.list().get("activeSessions").get(0).get("sessionId").asText()).isEqualTo(id);
        assertThat(api.end(id).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void theConsoleIsCapturedToAListedFileAndNoSecretReachesALog() throws Exception {
        serve("fvtt_0000000000002003");
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var relayLogger = (Logger) LoggerFactory.getLogger("org.foundryrelay");
        var requests = (Logger) LoggerFactory.getLogger("request");
        var loggers = List.of(root, relayLogger, requests);
        var levels = new ArrayList<Level>();
        for (var l : loggers) {
            levels.add(l.getLevel());
            l.addAppender(appender);
        }
        relayLogger.setLevel(Level.DEBUG);
        relayLogger.setAdditive(false); // recorded here, not printed
        try {
            var api = new SessionApi(env.relay(), key("console"));
            var h = api.handshake(front.url(), "Gamemaster", null);
            var encrypted = SessionApi.encrypt(h.get("publicKey").asText(), HeadlessBrowserTest.GM_PASSWORD, h.get("nonce").asText(), Oaep.SHA256);
            var r = api.start(h.get("token").asText(), encrypted, "captureBrowserConsole", "debug");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            var started = SessionApi.json(r);
            var log = started.get("consoleLog").asText();
            assertThat(log).matches("browser-logs/headless_127.0.0.1_Gamemaster_\\d{8}T\\d{6}_[0-9a-f]{8}\\.log");
            var listed = api.list().get("activeSessions").get(0);
            assertThat(listed.get("consoleLog").asText()).isEqualTo(log);
            assertThat(listed.get("consoleLevel").asText()).isEqualTo("debug");
            var file = env.relay().dataDir().resolve(log);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            // The page's own request for a missing icon shows up as a console error.
            Http.get(env.relay().uri("/encounters?clientId=fvtt_0000000000002003"), "x-api-key", key("console"));
            assertThat(api.end(started.get("sessionId").asText()).statusCode()).isEqualTo(200);
            var text = Files.readString(file);
            assertThat(text).contains("[capture] console capture at level debug", "[capture] session ended");
            assertThat(text).doesNotContain(HeadlessBrowserTest.GM_PASSWORD);

            var all = String.join("\n", appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
            assertThat(all).contains("headless session", "running");
            assertThat(all).doesNotContain(HeadlessBrowserTest.GM_PASSWORD, h.get("token").asText(), h.get("nonce").asText(),
                    encrypted, "BEGIN PUBLIC KEY");
        } finally {
            relayLogger.setAdditive(true);
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).detachAppender(appender);
                loggers.get(i).setLevel(levels.get(i));
            }
        }
    }

    @Test
    @Order(4)
    void aStoppingRelayEndsItsSessionsAndLeavesNoBrowser() throws Exception {
        serve("fvtt_0000000000002004");
        var api = new SessionApi(env.relay(), key("stop"));
        var id = SessionApi.json(api.startSession(front.url(), "Gamemaster", HeadlessBrowserTest.GM_PASSWORD, null, Oaep.SHA256))
                .get("sessionId").asText();
        assertThat(chromiumProcesses()).isNotEmpty();

        env.relay().restart();

        long deadline = System.currentTimeMillis() + 10_000;
        while (!chromiumProcesses().isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertThat(chromiumProcesses()).isEmpty();
        var ended = api.list().get("endedSessions").get(0);
        assertThat(ended.get("sessionId").asText()).isEqualTo(id);
        assertThat(ended.get("endReason").asText()).isEqualTo("relay-stopped");
        assertThat(api.list().get("activeSessions")).isEmpty();
    }
}
