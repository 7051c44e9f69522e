package org.foundryrelay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /metrics: Prometheus text for the holder of METRICS_TOKEN, refused to everyone else, off by default. */
class MetricsTest {
    private static final String TOKEN = "scrape-token-0123456789";

    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("METRICS_TOKEN", TOKEN));

    @Test
    void refusedWithoutTheTokenAndServedWithIt() {
        assertThat(Http.get(env.relay().uri("/metrics")).statusCode()).isEqualTo(401);
        var wrong = Http.get(env.relay().uri("/metrics"), "Authorization", "Bearer not-the-token-at-all");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(wrong.body()).startsWith("{\"error\":");

        env.sims().connect(env.relay(), "metrics", "fvtt_3000000000000001");
        var key = env.relay().key("metrics", "roll:execute");
        assertThat(Http.post(env.relay().uri("/roll"), "{\"formula\":\"1d20\"}", "x-api-key", key).statusCode()).isEqualTo(200);

        var r = Http.get(env.relay().uri("/metrics"), "Authorization", "Bearer " + TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(r.body())
                .contains("relay_worlds_online 1.0")
                .contains("relay_calls_waiting 0.0")
                .contains("relay_event_streams ")
                .contains("relay_headless_sessions 0.0")
                .contains("relay_queue_drops_total 0.0")
                .contains("jvm_memory_used_bytes")
                .containsPattern("relay_http_requests_seconds_count\\{method=\"POST\",route=\"/roll\",status=\"200\"} 1(\\.0)?\n")
                .contains("relay_http_requests_seconds_bucket");
    }

    @Test
    void rawPathsNeverBecomeSeries() {
        Http.get(env.relay().uri("/no/such/path/12345"));
        var r = Http.get(env.relay().uri("/metrics"), "Authorization", "Bearer " + TOKEN);
        assertThat(r.body()).doesNotContain("12345").contains("route=\"unmatched\"");
    }

    @Test
    void offUnlessATokenIsSet() {
        try (var plain = TestRelay.start(Map.of())) {
            var r = Http.get(plain.uri("/metrics"), "Authorization", "Bearer " + TOKEN);
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("METRICS_TOKEN");
        }
    }
}
