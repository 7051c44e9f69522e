package org.foundryrelay.foundry;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.foundryrelay.sim.protocol.ConnectionStatus;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.ScriptedWorld;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.Test;

/** A relay restart: worlds are told to come back, do so by themselves, and their pairing survives. */
class RestartTest {

    @Test
    void worldsReconnectByThemselvesAfterARestartAndAnswerAgain() throws Exception {
        try (var relay = TestRelay.start(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"));
             var sims = new SimWorlds()) {
            var world = sims.connect(relay, "restart", "fvtt_2000000000000001");
            var key = relay.key("restart", "roll:execute,clients:read");
            assertThat(Http.post(relay.uri("/roll"), "{\"formula\":\"1d1\"}", "x-api-key", key).statusCode()).isEqualTo(200);

            var firstClose = new CompletableFuture<Integer>();
            world.addStatusListener(status -> {
                if (status instanceof ConnectionStatus.Waiting && world.lastClose() != null) {
                    firstClose.complete(world.lastClose().code());
                }
            });
            relay.restart();

            assertThat(firstClose.get()).as("a code the module retries on").isEqualTo(1012);
            assertThat(world.awaitConnected(Duration.ofSeconds(15))).isTrue();
            var r = Http.post(relay.uri("/roll"), "{\"formula\":\"1d1+1\"}", "x-api-key", key);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"total\":2");
            assertThat(Http.get(relay.uri("/clients"), "x-api-key", key).body())
                    .contains("\"clientId\":\"fvtt_2000000000000001\"", "\"isOnline\":true", "\"total\":1");
        }
    }

    @Test
    void requestsInFlightMayFinishWhileTheRelayStops() throws Exception {
        try (var relay = TestRelay.start(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"));
             var sims = new SimWorlds()) {
            var slow = new ScriptedWorld(m -> {
                try {
                    Thread.sleep(800);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return m.deepCopy().put("type", "roll-result").put("success", true);
            });
            sims.connect(relay, "fvtt_2000000000000002", relay.connectionToken("drain", "fvtt_2000000000000002"), slow);
            var key = relay.key("drain", "roll:execute");
            var call = CompletableFuture.supplyAsync(() ->
                    Http.post(relay.uri("/roll"), "{\"formula\":\"1d6\"}", "x-api-key", key));
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> relay.relay().hub().pendingCount() > 0);
            relay.stop();
            var r = call.get();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"success\":true");
        }
    }
}
