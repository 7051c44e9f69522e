package org.foundryrelay.sim.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.sim.EndpointFactory;
import org.foundryrelay.sim.SimMain;
import org.foundryrelay.sim.protocol.FakePairingServer.Reply;
import org.foundryrelay.sim.protocol.TestWsServer.Peer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The simulator's command line, run in-process against the test relay. */
class SimMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private TestWsServer relay;

    @BeforeEach
    void setUp() throws Exception {
        relay = new TestWsServer();
    }

    @AfterEach
    void tearDown() throws Exception {
        relay.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "--token t",
            "--pair ABC --token t --client-id c",
            "--pair ABC --worlds 2",
            "--token a --client-id x --worlds 2",
            "--pair ABC --worlds zero",
            "--pair ABC --origin http://host/path",
            "--pair ABC --relay ftp://host",
            "--pair ABC --fixture /no/such/fixture.json",
            "--pair",
            "--frobnicate"})
    void badUsageExitsWithTwoAndOneLine(String args) {
        int status = SimMain.run(args.isEmpty() ? new String[0] : args.split(" "), SimMain.defaultEndpoints(),
                print(out), print(err));
        assertThat(status).isEqualTo(2);
        assertThat(text(err)).startsWith("sim: ").endsWith("(see --help)\n").hasLineCount(1);
    }

    @Test
    void helpPrintsUsage() {
        assertThat(SimMain.run(new String[] {"--help"}, SimMain.defaultEndpoints(), print(out), print(err))).isZero();
        assertThat(text(out)).startsWith("Usage: sim").contains("--pair=CODE", "--worlds=N", "--pair-request")
                .as("it points at the relay's own ways of pairing").contains("relay pair", "relay pair approve CODE");
        assertThat(text(err)).isEmpty();
    }

    @Test
    void runsTheBundledWorldWithAGivenTokenUntilTheRelayRejectsIt() throws Exception {
        var run = runAsync(SimMain.defaultEndpoints(), "--relay", relay.url(), "--token", "tok", "--client-id",
                "fvtt_1", "--origin", "http://127.0.0.1:30001");
        Peer peer = relay.nextPeer();
        assertThat(peer.query).startsWith("id=fvtt_1&worldId=lost-mine&");
        assertThat(peer.headers).containsEntry("origin", "http://127.0.0.1:30001");
        assertThat(json(peer.nextText()).path("token").asText()).isEqualTo("tok");
        peer.sendText("{\"type\":\"auth-success\"}");
        peer.nextText(); // ping
        assertThat(json(peer.nextText()).path("users").size()).isEqualTo(3);

        peer.sendText("{\"type\":\"encounters\",\"requestId\":\"encounters_1\"}");
        JsonNode reply = json(peer.nextText());
        assertThat(reply.path("type").asText()).isEqualTo("encounters-result");
        assertThat(reply.path("requestId").asText()).isEqualTo("encounters_1");
        assertThat(reply.path("encounters").isArray()).isTrue();
        assertThat(reply.has("error")).isFalse();

        peer.sendClose(4002, "Connection token revoked");
        assertThat(run.get(3, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(text(out)).contains("[fvtt_1] connected\n",
                "[fvtt_1] stopped (auth rejected, token forgotten) after close 4002 \"Connection token revoked\"");
    }

    @Test
    void runsOneWorldPerCredentialWithDistinctIndexes(@TempDir Path dir) throws Exception {
        Path credentials = Files.writeString(dir.resolve("creds.txt"), "# clientId token\nfvtt_a ta\n\nfvtt_b tb\n");
        var indexes = new CopyOnWriteArrayList<Integer>();
        EndpointFactory worlds = (fixture, index) -> {
            indexes.add(index);
            return new EchoWorld("world-" + index);
        };
        var run = runAsync(worlds, "--relay", relay.url(), "--credentials", credentials.toString(), "--worlds", "2");

        var ids = new CopyOnWriteArrayList<String>();
        for (int i = 0; i < 2; i++) {
            Peer peer = relay.nextPeer();
            ids.add(peer.query.substring(0, peer.query.indexOf('&')));
            peer.nextText();
            peer.sendClose(1008, "Authentication failed");
        }
        assertThat(run.get(3, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(ids).containsExactlyInAnyOrder("id=fvtt_a", "id=fvtt_b");
        assertThat(indexes).containsExactly(0, 1);
    }

    @Test
    void pairsWithACodeThenConnectsToTheRelayUrlItReturns() throws Exception {
        try (var http = new FakePairingServer()) {
            http.onPair("ABC123", new Reply(200, "{\"token\":\"t0k\",\"clientId\":\"fvtt_paired\",\"relayUrl\":\""
                    + relay.url() + "/relay\"}"));
            var run = runAsync(SimMain.defaultEndpoints(), "--relay", http.url(), "--pair", "abc123");

            Peer peer = relay.nextPeer();
            assertThat(peer.query).startsWith("id=fvtt_paired&");
            assertThat(json(peer.nextText()).path("token").asText()).isEqualTo("t0k");
            JsonNode pairBody = http.pairBodies.take();
            assertThat(pairBody.path("worldId").asText()).isEqualTo("lost-mine");
            assertThat(pairBody.path("serverOrigin").asText()).isEqualTo("http://127.0.0.1:30000");
            assertThat(pairBody.path("serverFingerprint").asText()).matches("[0-9a-f]{32}");

            peer.sendClose(4001, "No client id");
            assertThat(run.get(3, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(text(out)).contains("paired: clientId=fvtt_paired");
        }
    }

    @Test
    void aRefusedPairingCodeExitsWithTheRelaysError() throws Exception {
        try (var http = new FakePairingServer()) {
            int status = SimMain.run(new String[] {"--relay", http.url(), "--pair", "WRONG1"},
                    SimMain.defaultEndpoints(), print(out), print(err));
            assertThat(status).isEqualTo(1);
            assertThat(text(err)).isEqualTo("sim: POST /auth/pair failed: HTTP 404: Invalid pairing code\n");
        }
    }

    /** Runs on a thread of its own: on the common pool it would starve the JDK's handshake completion. */
    private CompletableFuture<Integer> runAsync(EndpointFactory worlds, String... args) {
        var result = new CompletableFuture<Integer>();
        Thread.ofPlatform().daemon().name("sim-main-under-test")
                .start(() -> result.complete(SimMain.run(args, worlds, print(out), print(err))));
        return result;
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream sink) {
        return sink.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode json(String text) throws Exception {
        return EchoWorld.MAPPER.readTree(text);
    }
}
