package org.foundryrelay.foundry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.foundryrelay.sim.protocol.ModuleConnection;
import org.foundryrelay.sim.protocol.PairBody;
import org.foundryrelay.sim.protocol.PairRequestBody;
import org.foundryrelay.sim.protocol.Pairing;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.foundryrelay.testing.RelayExtension;

/**
 * The whole path a GM takes, driven by the simulator's module client: pair (by code, or by the device
 * flow with an operator approving), connect, authenticate, and answer a REST call.
 */
class PairAndConnectTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"));





    private Pairing pairing() {
        return new Pairing(env.sims().network().http(), URI.create("http://127.0.0.1:" + env.relay().relay().port()));
    }

    private void answersARoll(String account, String clientId) {
        var key = env.relay().key(account, "roll:execute");
        var r = Http.post(env.relay().uri("/roll?clientId=" + clientId), "{\"formula\":\"1d1+2\"}", "x-api-key", key);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"total\":3");
    }

    @Test
    void pairByCodeThenConnectAuthenticateAndAnswer() throws Exception {
        env.relay().cli("accounts", "create", "bycode");
        var code = env.relay().cli("pair", "--account", "bycode").out().trim();
        assertThat(code).matches("[A-HJ-NP-Z2-9]{6}");
        var world = SimWorlds.world("paired-world");
        var paired = pairing().pairWithCode(code, PairBody.of(world.info(), "fingerprint-1", null, "http://127.0.0.1:30000"));
        assertThat(paired.clientId()).matches("fvtt_[0-9a-f]{16}");
        assertThat(paired.relayUrl()).isEqualTo("ws://127.0.0.1:" + env.relay().relay().port() + "/relay");

        var connection = env.sims().connect(env.relay(), paired.clientId(), paired.token(), world);
        assertThat(connection.status().describe()).isEqualTo("connected");
        answersARoll("bycode", paired.clientId());
    }

    @Test
    void pairByDeviceFlowApprovedByTheOperator() throws Exception {
        env.relay().cli("accounts", "create", "device");
        var world = SimWorlds.world("device-world");
        var request = pairing().requestPairing(PairRequestBody.of(world.info(), "fingerprint-2"));
        assertThat(request.pairUrl()).endsWith("/pair/" + request.code());
        var approver = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            env.relay().cli("pair", "approve", request.code(), "--account", "device");
        });
        var paired = pairing().awaitApproval(request.code(),
                PairBody.of(world.info(), "fingerprint-2", null, "http://127.0.0.1:30000"),
                Duration.ofMillis(100), Duration.ofSeconds(10));
        approver.join();
        ModuleConnection connection = env.sims().connect(env.relay(), paired.clientId(), paired.token(), world);
        assertThat(connection.status().describe()).isEqualTo("connected");
        answersARoll("device", paired.clientId());
    }

    @Test
    void selfUnpairClosesTheLiveSocketAndTheWorldGivesUp() throws Exception {
        env.relay().cli("accounts", "create", "unpair");
        var code = env.relay().cli("pair", "--account", "unpair").out().trim();
        var world = SimWorlds.world("unpair-world");
        var paired = pairing().pairWithCode(code, PairBody.of(world.info(), "fingerprint-3", null, null));
        var connection = env.sims().connect(env.relay(), paired.clientId(), paired.token(), world);
        var r = Http.post(env.relay().uri("/api/self-unpair"), "{\"token\":\"" + paired.token() + "\"}");
        assertThat(r.body()).contains("Unpaired successfully");
        assertThat(connection.awaitStatus(s -> s.describe().startsWith("stopped"), Duration.ofSeconds(5))).isTrue();
        assertThat(connection.lastClose().code()).isEqualTo(4002);
    }
}
