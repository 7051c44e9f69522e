package org.foundryrelay.sim.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.foundryrelay.sim.protocol.ConnectionStatus.Authenticating;
import org.foundryrelay.sim.protocol.ConnectionStatus.StopReason;
import org.foundryrelay.sim.protocol.ConnectionStatus.Stopped;
import org.foundryrelay.sim.protocol.ConnectionStatus.WaitReason;
import org.foundryrelay.sim.protocol.ConnectionStatus.Waiting;
import org.foundryrelay.sim.protocol.TestWsServer.Frame;
import org.foundryrelay.sim.protocol.TestWsServer.Peer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A connection against a real (test) WebSocket server, with millisecond timings. */
class ModuleConnectionTest {
    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final ConnectionOptions FAST = ConnectionOptions.DEFAULTS
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(80), 20)
            .withDuplicateRetryDelay(Duration.ofMillis(300))
            .withConnectTimeout(Duration.ofSeconds(2));

    private SimNetwork network;
    private TestWsServer server;
    private final List<ModuleConnection> connections = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        network = new SimNetwork();
        server = new TestWsServer();
    }

    @AfterEach
    void tearDown() throws Exception {
        connections.forEach(ModuleConnection::close);
        server.close();
        network.close();
    }

    @Test
    void connectsWithMetadataAndOriginThenAuthenticatesFirst() throws Exception {
        var world = new EchoWorld("strahd");
        var connection = start("fvtt_0000000000000001", "token-1", world, FAST);

        Peer peer = server.nextPeer();
        assertThat(peer.path).isEqualTo("/relay");
        assertThat(peer.query).isEqualTo("id=fvtt_0000000000000001&worldId=strahd&worldTitle=World+strahd"
                + "&foundryVersion=13.348&systemId=dnd5e&systemTitle=D%26D+5e&systemVersion=4.4.1");
        assertThat(peer.headers).containsEntry("origin", "http://127.0.0.1:30000");
        assertThat(json(peer.nextText())).isEqualTo(json("{\"type\":\"auth\",\"token\":\"token-1\"}"));
        assertThat(connection.awaitStatus(Authenticating.class::isInstance, WAIT)).isTrue();
        assertThat(world.attached()).isFalse();

        peer.sendText("{\"type\":\"auth-success\"}");
        assertThat(json(peer.nextText())).isEqualTo(json(Json.PING));
        assertThat(json(peer.nextText())).isEqualTo(world.playerList());
        assertThat(connection.awaitConnected(WAIT)).isTrue();
        assertThat(world.attached()).isTrue();
        assertThat(connection.attempts()).isZero();
        assertThat(connection.lastClose()).isNull();
    }

    @Test
    void ignoresEverythingUntilAuthSuccess() throws Exception {
        var world = new EchoWorld("w");
        start("c1", "t", world, FAST);
        Peer peer = server.nextPeer();
        peer.nextText(); // auth

        peer.sendText("{\"type\":\"ping\"}");
        peer.sendText("{\"type\":\"roll\",\"requestId\":\"roll_1\",\"formula\":\"1d20\"}");
        assertThat(peer.silentFor(Duration.ofMillis(200))).isTrue();
        assertThat(world.handled).isEmpty();

        peer.sendText("{\"type\":\"auth-success\"}");
        assertThat(peer.nextText()).contains("ping");
        assertThat(peer.nextText()).contains("player-list");
    }

    @Test
    void answersPingsAndRequestsAndHandsControlMessagesToTheWorld() throws Exception {
        var world = new EchoWorld("w");
        start("c1", "t", world, FAST);
        Peer peer = authenticated();

        peer.sendText("{\"type\":\"ping\"}");
        assertThat(json(peer.nextText())).isEqualTo(json(Json.PONG));

        peer.sendText("{\"type\":\"pong\"}");
        peer.sendText("{\"type\":\"event-subscription-update\",\"channel\":\"roll-events\",\"count\":1}");
        assertThat(peer.silentFor(Duration.ofMillis(150))).isTrue();

        peer.sendText("{\"type\":\"encounters\",\"requestId\":\"encounters_1782956929290\",\"data\":{}}");
        JsonNode reply = json(peer.nextText());
        assertThat(reply.path("type").asText()).isEqualTo("encounters-result");
        assertThat(reply.path("requestId").asText()).isEqualTo("encounters_1782956929290");

        assertThat(world.handled).extracting(m -> m.path("type").asText())
                .containsExactly("event-subscription-update", "encounters");
    }

    @Test
    void joinsMessagesThatArriveInParts() throws Exception {
        var world = new EchoWorld("w");
        start("c1", "t", world, FAST);
        Peer peer = authenticated();

        peer.sendFragmented("{\"type\":\"ro", "ll\",\"requestId\":\"roll_7\",", "\"formula\":\"2d6\"}");
        JsonNode reply = json(peer.nextText());
        assertThat(reply.path("requestId").asText()).isEqualTo("roll_7");
        assertThat(reply.path("echo").path("formula").asText()).isEqualTo("2d6");

        String big = "x".repeat(300_000); // large enough for the JDK to deliver it in several parts
        peer.sendText("{\"type\":\"search\",\"requestId\":\"search_1\",\"query\":\"" + big + "\"}");
        reply = json(peer.nextText());
        assertThat(reply.path("echo").path("query").asText()).isEqualTo(big);
    }

    @Test
    void protocolPingsAreAnsweredWithPong() throws Exception {
        start("c1", "t", new EchoWorld("w"), FAST);
        Peer peer = authenticated();
        peer.sendPing("keepalive");
        Frame frame = peer.nextFrame();
        assertThat(frame.opcode()).isEqualTo(Frame.PONG);
        assertThat(frame.text()).isEqualTo("keepalive");
    }

    @Test
    void sendsJsonPingsPeriodicallyWhileConnected() throws Exception {
        start("c1", "t", new EchoWorld("w"), FAST.withPingInterval(Duration.ofMillis(60)));
        Peer peer = authenticated();
        assertThat(json(peer.nextText())).isEqualTo(json(Json.PING));
        assertThat(json(peer.nextText())).isEqualTo(json(Json.PING));
    }

    @Test
    void concurrentPushesAreSentOneAtATimeWithoutLoss() throws Exception {
        var world = new EchoWorld("w");
        start("c1", "t", world, FAST);
        Peer peer = authenticated();

        int threads = 4, perThread = 150;
        var go = new CountDownLatch(1);
        var workers = new ArrayList<Thread>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    world.push(EchoWorld.MAPPER.createObjectNode().put("type", "roll-data").put("seq", base + i));
                }
            }));
        }
        go.countDown();
        for (var worker : workers) worker.join();

        var seen = new HashSet<Integer>();
        for (int i = 0; i < threads * perThread; i++) seen.add(json(peer.nextText()).path("seq").asInt());
        assertThat(seen).hasSize(threads * perThread);
    }

    @Test
    void reconnectsWithBackoffAfterTheConnectionDrops() throws Exception {
        var world = new EchoWorld("w");
        var statuses = new CopyOnWriteArrayList<ConnectionStatus>();
        var connection = new ModuleConnection(network, server.url(), "c1", "t", world, FAST);
        connection.addStatusListener(statuses::add);
        connections.add(connection);
        connection.start();
        Peer first = authenticated();

        crash(first);
        Peer second = server.nextPeer();
        assertThat(json(second.nextText()).path("token").asText()).isEqualTo("t");
        assertThat(connection.lastClose().code()).isEqualTo(CloseReaction.ABNORMAL);
        assertThat(connection.attempts()).isEqualTo(1);
        assertThat(statuses).contains(new Waiting(Duration.ofMillis(20), WaitReason.BACKOFF));
        assertThat(world.attached()).isFalse();

        second.sendText("{\"type\":\"auth-success\"}");
        assertThat(connection.awaitConnected(WAIT)).isTrue();
        assertThat(connection.attempts()).isZero();
        assertThat(world.attaches.get()).isEqualTo(2);
    }

    @Test
    void aDropRightAfterTheLastMessageIsNoticedAtTheLatestByTheKeepAlive() throws Exception {
        // Dropping at once can land inside a JDK listener callback, where the JDK loses the close;
        // failing keep-alive sends must then end the connection instead.
        var connection = start("c1", "t", new EchoWorld("w"), FAST.withPingInterval(Duration.ofMillis(40)));
        for (int round = 0; round < 8; round++) {
            Peer peer = authenticated();
            peer.drop();
            assertThat(connection.awaitStatus(Waiting.class::isInstance, WAIT)).as("round %d", round).isTrue();
        }
    }

    @Test
    void backoffGrowsThenGivesUpAfterMaxAttempts() throws Exception {
        server.rejectNext(400, 10); // like a relay refusing the upgrade: the browser just sees a failure
        var statuses = new CopyOnWriteArrayList<ConnectionStatus>();
        var options = FAST.withBackoff(Duration.ofMillis(10), Duration.ofMillis(25), 3);
        var connection = new ModuleConnection(network, server.url(), "c1", "t", new EchoWorld("w"), options);
        connection.addStatusListener(statuses::add);
        connections.add(connection);
        connection.start();

        assertThat(connection.awaitStatus(new Stopped(StopReason.GAVE_UP)::equals, WAIT)).isTrue();
        assertThat(server.handshakes()).isEqualTo(4); // the first connect plus three attempts
        assertThat(statuses).filteredOn(Waiting.class::isInstance)
                .extracting(s -> ((Waiting) s).delay().toMillis())
                .containsExactly(10L, 20L, 25L);
        assertThat(connection.lastClose().code()).isEqualTo(CloseReaction.ABNORMAL);
        assertThat(connection.tokenForgotten()).isFalse();
    }

    @ParameterizedTest(name = "close {0}")
    @ValueSource(ints = {1008, 4001, 4002})
    void permanentAuthFailureStopsAndForgetsTheToken(int code) throws Exception {
        var connection = start("c1", "t", new EchoWorld("w"), FAST);
        Peer peer = server.nextPeer();
        peer.nextText();
        peer.sendClose(code, "Authentication failed");

        Frame echo = peer.nextFrame();
        assertThat(echo.opcode()).isEqualTo(Frame.CLOSE);
        assertThat(echo.closeCode()).isEqualTo(code);
        assertThat(connection.awaitStatus(new Stopped(StopReason.AUTH_REJECTED)::equals, WAIT)).isTrue();
        assertThat(connection.tokenForgotten()).isTrue();
        assertThat(connection.lastClose()).isEqualTo(new CloseInfo(code, "Authentication failed"));
        assertThat(server.noPeerWithin(Duration.ofMillis(250))).isTrue();
    }

    @Test
    void restartAfterAuthFailureUsesTheNewToken() throws Exception {
        var connection = start("c1", "old", new EchoWorld("w"), FAST);
        Peer peer = server.nextPeer();
        peer.nextText();
        peer.sendClose(4002, "Connection token revoked");
        assertThat(connection.awaitStatus(Stopped.class::isInstance, WAIT)).isTrue();

        connection.restart("new");
        assertThat(json(server.nextPeer().nextText()).path("token").asText()).isEqualTo("new");
    }

    @Test
    void normalCloseFromTheRelayMeansStayOff() throws Exception {
        var world = new EchoWorld("w");
        var connection = start("c1", "t", world, FAST);
        Peer peer = authenticated();
        peer.sendClose(1000, "Replaced by reconnect");

        assertThat(connection.awaitStatus(new Stopped(StopReason.NORMAL_CLOSURE)::equals, WAIT)).isTrue();
        assertThat(connection.tokenForgotten()).isFalse();
        assertThat(world.attached()).isFalse();
        assertThat(server.noPeerWithin(Duration.ofMillis(250))).isTrue();
    }

    @Test
    void duplicateClientIdIsRetriedAfterTheFixedDelay() throws Exception {
        var connection = start("c1", "t", new EchoWorld("w"), FAST);
        Peer peer = authenticated(); // the relay says auth-success before its duplicate check
        peer.sendClose(4004, "Client ID already connected");

        assertThat(connection.awaitStatus(new Waiting(Duration.ofMillis(300), WaitReason.DUPLICATE)::equals, WAIT))
                .isTrue();
        assertThat(server.noPeerWithin(Duration.ofMillis(150))).isTrue();
        Peer retry = server.nextPeer(Duration.ofSeconds(2));
        assertThat(json(retry.nextText()).path("type").asText()).isEqualTo("auth");
        assertThat(connection.attempts()).isZero();
    }

    @Test
    void retryNowCutsTheDuplicateWaitShort() throws Exception {
        var connection = start("c1", "t", new EchoWorld("w"), FAST.withDuplicateRetryDelay(Duration.ofMinutes(1)));
        Peer peer = authenticated();
        peer.sendClose(4004, "Client ID already connected");
        assertThat(connection.awaitStatus(Waiting.class::isInstance, WAIT)).isTrue();

        assertThat(connection.retryNow()).isTrue();
        assertThat(json(server.nextPeer().nextText()).path("type").asText()).isEqualTo("auth");
        assertThat(connection.retryNow()).isFalse();
    }

    @Test
    void twoWorldsOnOneNetworkAreIndependent() throws Exception {
        var worldA = new EchoWorld("a");
        var worldB = new EchoWorld("b");
        var a = start("client-a", "ta", worldA, FAST);
        Peer peerA = authenticated();
        var b = start("client-b", "tb", worldB, FAST);
        Peer peerB = authenticated();
        assertThat(peerA.query).startsWith("id=client-a&worldId=a");
        assertThat(peerB.query).startsWith("id=client-b&worldId=b");

        peerA.sendText("{\"type\":\"roll\",\"requestId\":\"ra\"}");
        peerB.sendText("{\"type\":\"roll\",\"requestId\":\"rb\"}");
        assertThat(json(peerA.nextText()).path("requestId").asText()).isEqualTo("ra");
        assertThat(json(peerB.nextText()).path("requestId").asText()).isEqualTo("rb");

        peerA.sendClose(4002, "Revoked by dashboard");
        assertThat(a.awaitStatus(Stopped.class::isInstance, WAIT)).isTrue();
        assertThat(b.status()).isInstanceOf(ConnectionStatus.Connected.class);
        assertThat(worldB.handled).hasSize(1);
    }

    @Test
    void closeSendsNormalCloseAndStaysStopped() throws Exception {
        var world = new EchoWorld("w");
        var connection = start("c1", "t", world, FAST);
        Peer peer = authenticated();

        connection.close();
        Frame frame = peer.nextFrame();
        assertThat(frame.opcode()).isEqualTo(Frame.CLOSE);
        assertThat(frame.closeCode()).isEqualTo(1000);
        assertThat(connection.status()).isEqualTo(new Stopped(StopReason.CLOSED));
        assertThat(world.attached()).isFalse();
        assertThat(server.noPeerWithin(Duration.ofMillis(200))).isTrue();
    }

    @Test
    void closeWhileWaitingCancelsTheRetry() throws Exception {
        var connection = start("c1", "t", new EchoWorld("w"), FAST.withBackoff(Duration.ofMillis(200),
                Duration.ofMillis(200), 5));
        Peer peer = server.nextPeer();
        peer.nextText();
        crash(peer);
        assertThat(connection.awaitStatus(Waiting.class::isInstance, WAIT)).isTrue();
        connection.close();
        assertThat(server.noPeerWithin(Duration.ofMillis(350))).isTrue();
        assertThat(connection.status()).isEqualTo(new Stopped(StopReason.CLOSED));
    }

    private ModuleConnection start(String clientId, String token, EchoWorld world, ConnectionOptions options) {
        var connection = new ModuleConnection(network, server.url(), clientId, token, world, options);
        connections.add(connection);
        connection.start();
        return connection;
    }

    /** Takes the next connection through auth and the module's opening ping and player-list. */
    private Peer authenticated() throws Exception {
        Peer peer = server.nextPeer();
        assertThat(json(peer.nextText()).path("type").asText()).isEqualTo("auth");
        peer.sendText("{\"type\":\"auth-success\"}");
        assertThat(json(peer.nextText()).path("type").asText()).isEqualTo("ping");
        assertThat(json(peer.nextText()).path("type").asText()).isEqualTo("player-list");
        return peer;
    }

    /**
     * Drops the TCP connection once the client has gone quiet, like a relay process dying. (Dropping
     * it the instant the client's last message is read can go unnoticed by the JDK client if the close
     * lands while its listener callback is still running; see {@link Link}.)
     */
    private static void crash(Peer peer) throws InterruptedException {
        assertThat(peer.silentFor(Duration.ofMillis(50))).isTrue();
        peer.drop();
    }

    private static JsonNode json(String text) throws Exception {
        return EchoWorld.MAPPER.readTree(text);
    }

}
