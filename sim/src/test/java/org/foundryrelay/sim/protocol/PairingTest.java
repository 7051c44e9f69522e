package org.foundryrelay.sim.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import org.foundryrelay.sim.protocol.FakePairingServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PairingTest {
    private static final String PAIRED = "{\"token\":\"" + "ab".repeat(32)
            + "\",\"clientId\":\"fvtt_3a9f1c2e4b7d8e0f\",\"relayUrl\":\"ws://127.0.0.1:3010/relay\"}";
    private static final WorldInfo WORLD = new WorldInfo("strahd", "Curse of Strahd", "13.348", "dnd5e",
            "Dungeons & Dragons Fifth Edition", "4.4.1", null);
    private static final Duration POLL = Duration.ofMillis(10);

    private SimNetwork network;
    private FakePairingServer relay;
    private Pairing pairing;

    @BeforeEach
    void setUp() throws Exception {
        network = new SimNetwork();
        relay = new FakePairingServer();
        pairing = new Pairing(network.http(), URI.create(relay.url() + "/"));
    }

    @AfterEach
    void tearDown() {
        relay.close();
        network.close();
    }

    @Test
    void pairWithCodePostsTheModulesBodyAndReturnsTheToken() throws Exception {
        relay.onPair("ABC123", new Reply(200, PAIRED));
        var body = PairBody.of(WORLD, "fp".repeat(16), null, "http://127.0.0.1:30000");

        Paired paired = pairing.pairWithCode(" abc123 ", body);

        assertThat(paired).isEqualTo(new Paired("ab".repeat(32), "fvtt_3a9f1c2e4b7d8e0f", "ws://127.0.0.1:3010/relay"));
        assertThat(paired.toString()).doesNotContain("abab");
        JsonNode sent = relay.pairBodies.take();
        assertThat(sent).isEqualTo(EchoWorld.MAPPER.readTree("""
                {"code":"ABC123","worldId":"strahd","worldTitle":"Curse of Strahd",
                 "serverFingerprint":"fpfpfpfpfpfpfpfpfpfpfpfpfpfpfpfp","serverOrigin":"http://127.0.0.1:30000"}"""));
        assertThat(relay.contentTypes.take()).isEqualTo("application/json");
    }

    @Test
    void refusedCodesCarryStatusAndRelayError() {
        relay.onPair("USED00", new Reply(410, "{\"error\":\"Pairing code has already been used\"}"));
        var body = PairBody.of(WORLD, "fp", "fvtt_old", null);

        var unknown = catchThrowableOfType(PairingException.class, () -> pairing.pairWithCode("NOPE99", body));
        assertThat(unknown.httpStatus()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("Invalid pairing code");
        assertThat(unknown).hasMessage("POST /auth/pair failed: HTTP 404: Invalid pairing code");

        var used = catchThrowableOfType(PairingException.class, () -> pairing.pairWithCode("USED00", body));
        assertThat(used.httpStatus()).isEqualTo(410);
        assertThat(used.error()).isEqualTo("Pairing code has already been used");
    }

    @Test
    void errorBodiesThatAreNotJsonAreReportedAsText() {
        relay.onPair("BROKEN", new Reply(500, "upstream exploded"));
        var e = catchThrowableOfType(PairingException.class,
                () -> pairing.pairWithCode("BROKEN", PairBody.of(WORLD, null, null, null)));
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.error()).isEqualTo("upstream exploded");
    }

    @Test
    void browserFlowPollsUntilApprovedThenExchangesTheCode() throws Exception {
        relay.onPairRequest(new Reply(201, "{\"code\":\"REQ12345\",\"pairUrl\":\"http://relay.test/pair/REQ12345\","
                        + "\"upgradeOnly\":false,\"expiresIn\":600,\"expiresAt\":\"2026-01-01T00:10:00Z\"}"))
                .onStatus("REQ12345",
                        new Reply(200, "{\"status\":\"pending\"}"),
                        new Reply(429, "{\"error\":\"Too many requests\"}"),
                        new Reply(200, "{\"status\":\"pending\"}"),
                        new Reply(200, "{\"status\":\"approved\",\"pairingCode\":\"XY7Z9Q\"}"))
                .onPair("XY7Z9Q", new Reply(200, PAIRED));

        PairRequest request = pairing.requestPairing(PairRequestBody.of(WORLD, "fp1"));
        assertThat(request).isEqualTo(new PairRequest("REQ12345", "http://relay.test/pair/REQ12345", false, 600));
        assertThat(relay.pairRequestBodies.take()).isEqualTo(EchoWorld.MAPPER.readTree("""
                {"worldId":"strahd","worldTitle":"Curse of Strahd","systemId":"dnd5e",
                 "systemTitle":"Dungeons & Dragons Fifth Edition","systemVersion":"4.4.1",
                 "foundryVersion":"13.348","serverFingerprint":"fp1"}"""));

        Paired paired = pairing.awaitApproval("REQ12345", PairBody.of(WORLD, "fp1", null, "http://w.test"),
                POLL, Duration.ofSeconds(5));
        assertThat(paired.clientId()).isEqualTo("fvtt_3a9f1c2e4b7d8e0f");
        assertThat(relay.polls("REQ12345")).isEqualTo(4);
        JsonNode exchange = relay.pairBodies.take();
        assertThat(exchange.path("code").asText()).isEqualTo("XY7Z9Q");
        assertThat(exchange.path("serverOrigin").asText()).isEqualTo("http://w.test");
    }

    @Test
    void deniedExpiredUnknownAndUpgradeOnlyEndTheFlow() {
        relay.onStatus("DENY0001", new Reply(200, "{\"status\":\"denied\"}"))
                .onStatus("EXPIRED1", new Reply(410, "{\"status\":\"expired\"}"))
                .onStatus("UPGRADE1", new Reply(200, "{\"status\":\"approved\",\"upgraded\":true}"));
        var body = PairBody.of(WORLD, null, null, null);

        var denied = catchThrowableOfType(PairingException.class,
                () -> pairing.awaitApproval("DENY0001", body, POLL, Duration.ofSeconds(2)));
        assertThat(denied.error()).isEqualTo("denied");

        var expired = catchThrowableOfType(PairingException.class,
                () -> pairing.awaitApproval("EXPIRED1", body, POLL, Duration.ofSeconds(2)));
        assertThat(expired.httpStatus()).isEqualTo(410);
        assertThat(expired.error()).isEqualTo("expired");

        var unknown = catchThrowableOfType(PairingException.class,
                () -> pairing.awaitApproval("GONE0000", body, POLL, Duration.ofSeconds(2)));
        assertThat(unknown.httpStatus()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("Pair request not found");

        assertThatThrownBy(() -> pairing.awaitApproval("UPGRADE1", body, POLL, Duration.ofSeconds(2)))
                .isInstanceOf(PairingException.class).hasMessageContaining("upgrade");
        assertThat(relay.pairBodies).isEmpty();
    }

    @Test
    void givesUpAfterTheTimeout() {
        relay.onStatus("SLOW0001", new Reply(200, "{\"status\":\"pending\"}"));
        var e = catchThrowableOfType(PairingException.class, () -> pairing.awaitApproval("SLOW0001",
                PairBody.of(WORLD, null, null, null), Duration.ofMillis(20), Duration.ofMillis(150)));
        assertThat(e.httpStatus()).isZero();
        assertThat(e.getMessage()).contains("timed out");
        assertThat(relay.polls("SLOW0001")).isBetween(3, 12);
    }
}
