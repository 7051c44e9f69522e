package org.foundryrelay.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.ScriptedWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A forwarded write with an Idempotency-Key runs in the world at most once per API key and key. */
class IdempotencyTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("REQUEST_TIMEOUT_MS", "800"));

    private static ScriptedWorld countingWorld(AtomicInteger calls) {
        return new ScriptedWorld(m -> JsonNodeFactory.instance.objectNode().put("type", "roll-result")
                .put("requestId", m.path("requestId").asText()).put("call", calls.incrementAndGet()));
    }

    @Test
    void aRepeatGetsTheFirstAnswerWithoutReachingTheWorld() {
        var calls = new AtomicInteger();
        env.sims().connect(env.relay(), "fvtt_2000000000000001", env.relay().connectionToken("idem", "fvtt_2000000000000001"),
                countingWorld(calls));
        var key = env.relay().key("idem", "roll:execute");
        var first = Http.post(env.relay().uri("/roll"), "{\"formula\":\"1d20\"}", "x-api-key", key, "Idempotency-Key", "abc-1");
        var again = Http.post(env.relay().uri("/roll"), "{\"formula\":\"1d20\"}", "x-api-key", key, "Idempotency-Key", "abc-1");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(calls).hasValue(1);

        var other = Http.post(env.relay().uri("/roll"), "{\"formula\":\"1d20\"}", "x-api-key", key, "Idempotency-Key", "abc-2");
        assertThat(other.body()).contains("\"call\":2");
        var plain = Http.post(env.relay().uri("/roll"), "{\"formula\":\"1d20\"}", "x-api-key", key);
        var plainAgain = Http.post(env.relay().uri("/roll"), "{\"formula\":\"1d20\"}", "x-api-key", key);
        assertThat(plainAgain.body()).isNotEqualTo(plain.body());
        assertThat(calls).hasValue(4);
    }

    @Test
    void theKeyIsPerApiKeyAndBoundToTheRequest() {
        var calls = new AtomicInteger();
        env.sims().connect(env.relay(), "fvtt_2000000000000002", env.relay().connectionToken("idem2", "fvtt_2000000000000002"),
                countingWorld(calls));
        var a = env.relay().key("idem2", "roll:execute");
        var b = env.relay().key("idem2", "roll:execute");
        Http.post(env.relay().uri("/roll"), "{\"formula\":\"1d20\"}", "x-api-key", a, "Idempotency-Key", "same");
        var otherKey = Http.post(env.relay().uri("/roll"), "{\"formula\":\"1d20\"}", "x-api-key", b, "Idempotency-Key", "same");
        assertThat(otherKey.statusCode()).isEqualTo(200);
        assertThat(calls).hasValue(2);

        var changed = Http.post(env.relay().uri("/roll"), "{\"formula\":\"2d6\"}", "x-api-key", a, "Idempotency-Key", "same");
        assertThat(changed.statusCode()).isEqualTo(422);
        assertThat(changed.body()).isEqualTo("{\"error\":\"Idempotency-Key was already used for a different request\"}");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aTimedOutCallIsNotRunAgain() {
        var silent = ScriptedWorld.silent();
        env.sims().connect(env.relay(), "fvtt_2000000000000003", env.relay().connectionToken("idem3", "fvtt_2000000000000003"), silent);
        var key = env.relay().key("idem3", "roll:execute");
        var first = Http.post(env.relay().uri("/roll"), "{\"formula\":\"1d20\"}", "x-api-key", key, "Idempotency-Key", "t-1");
        assertThat(first.statusCode()).isEqualTo(408);
        var again = Http.post(env.relay().uri("/roll"), "{\"formula\":\"1d20\"}", "x-api-key", key, "Idempotency-Key", "t-1");
        assertThat(again.statusCode()).isEqualTo(408);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(silent.received().stream().filter(m -> m.path("type").asText().equals("roll"))).hasSize(1);
    }

    @Test
    void theWorldMayBeNamedByHeader() {
        var calls = new AtomicInteger();
        env.sims().connect(env.relay(), "fvtt_2000000000000004", env.relay().connectionToken("idem4", "fvtt_2000000000000004"),
                countingWorld(calls));
        env.sims().connect(env.relay(), "fvtt_2000000000000005", env.relay().connectionToken("idem4", "fvtt_2000000000000005"),
                countingWorld(new AtomicInteger()));
        var key = env.relay().key("idem4", "roll:execute");
        var ambiguous = Http.post(env.relay().uri("/roll"), "{\"formula\":\"1d20\"}", "x-api-key", key);
        assertThat(ambiguous.statusCode()).isEqualTo(400);
        var named = Http.post(env.relay().uri("/roll"), "{\"formula\":\"1d20\"}", "x-api-key", key, "x-client-id", "fvtt_2000000000000004");
        assertThat(named.statusCode()).isEqualTo(200);
        assertThat(calls).hasValue(1);
    }
}
