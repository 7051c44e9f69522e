package org.foundryrelay.http;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.foundryrelay.testing.RelayExtension;
import org.slf4j.LoggerFactory;

/** What every endpoint shares: health, JSON errors, body limits, CORS and the request log. */
class HttpBehaviourTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("MAX_BODY_SIZE_MB", "1"));



    @Test
    void healthChecksTheStore() {
        var r = Http.get(env.relay().uri("/health"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"ok\"", "\"store\":\"ok\"");
        assertThat(Http.get(env.relay().uri("/api/health")).statusCode()).isEqualTo(200);
    }

    @Test
    void statusNamesTheWebSocketPath() {
        var r = Http.get(env.relay().uri("/api/status"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"ok\"", "\"websocket\":\"/relay\"", "\"version\":");
    }

    @Test
    void unknownPathsGetJson404() {
        var r = Http.get(env.relay().uri("/no/such/thing"));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo("{\"error\":\"Not found: GET /no/such/thing\"}");
    }

    @Test
    void oversizedBodiesGetJson413() {
        var big = "x".repeat(1024 * 1024 + 10);
        // Expect: 100-continue: the 413 comes before the body is sent, so it cannot race the upload.
        var r = Http.send(Http.builder(env.relay().uri("/api/key"), "Content-Type", "application/json").expectContinue(true)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(big)).build());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).startsWith("{\"error\":\"Request body too large");
    }

    @Test
    void corsPreflightIsAnsweredForAnyOriginByDefault() {
        var r = Http.method(env.relay().uri("/roll"), "OPTIONS", null, "Origin", "https://overlay.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "x-api-key, content-type");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()).containsIgnoringCase("x-api-key");
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("POST");

        var simple = Http.get(env.relay().uri("/api/key"), "Origin", "https://overlay.example");
        assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(simple.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).contains("RateLimit-Remaining");
    }

    @Test
    void corsOriginsCanBeRestricted() {
        try (var strict = TestRelay.start(Map.of("CORS_ORIGINS", "https://allowed.example"))) {
            var ok = Http.method(strict.uri("/roll"), "OPTIONS", null, "Origin", "https://allowed.example",
                    "Access-Control-Request-Method", "POST");
            assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://allowed.example");
            var no = Http.method(strict.uri("/roll"), "OPTIONS", null, "Origin", "https://evil.example",
                    "Access-Control-Request-Method", "POST");
            assertThat(no.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void oneLogLinePerRequestWithoutSecrets() throws Exception {
        var logger = (Logger) LoggerFactory.getLogger("request");
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        try {
            var key = env.relay().key("logged", "all");
            Http.get(env.relay().uri("/api/key?secret=hunter2"), "x-api-key", key);
            Http.get(env.relay().uri("/api/key"), "x-api-key", "not-a-real-key");
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> appender.list.size() >= 2);
            var lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).matches("method=GET path=/api/key status=200 ms=\\d+\\.\\d\\d account=logged key=key_[0-9a-f]+ ip=127\\.0\\.0\\.1");
            assertThat(lines.get(1)).matches("method=GET path=/api/key status=401 ms=\\d+\\.\\d\\d account=- key=- ip=127\\.0\\.0\\.1");
            assertThat(String.join("\n", lines)).doesNotContain(key, "hunter2", "not-a-real-key");
        } finally {
            logger.detachAppender(appender);
        }
    }
}
