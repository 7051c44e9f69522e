package org.foundryrelay.routes;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.foundryrelay.json.Json;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.ScriptedWorld;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.foundryrelay.testing.RelayExtension;

/** REST calls forwarded to simulated worlds and the answers coming back. */
class ForwardingTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0", "REQUEST_TIMEOUT_MS", "1500"));





    private static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.parse(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    private HttpResponse<String> roll(String key, String query, String body) {
        return Http.post(env.relay().uri("/roll" + query), body, "x-api-key", key);
    }

    @Test
    void aRollGoesToTheWorldAndItsAnswerComesBackUntouched() {
        env.sims().connect(env.relay(), "rolls", "fvtt_1000000000000001");
        var key = env.relay().key("rolls", "roll:execute,roll:read");
        var r = roll(key, "", "{\"formula\":\"1d1+4\",\"flavor\":\"test\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        var body = json(r);
        assertThat(body.path("type").asText()).isEqualTo("roll-result");
        assertThat(body.path("requestId").asText()).startsWith("roll_");
        assertThat(body.path("success").asBoolean()).isTrue();
        assertThat(body.at("/data/roll/total").asInt()).isEqualTo(5);
        assertThat(body.at("/data/roll/formula").asText()).isEqualTo("1d1+4");

        var last = Http.get(env.relay().uri("/lastroll"), "x-api-key", key);
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(json(last).at("/data/rollTotal").asInt()).isEqualTo(5);
    }

    @Test
    void aWorldErrorIs400WithTheWorldsOwnBody() {
        env.sims().connect(env.relay(), "errors", "fvtt_1000000000000002");
        var key = env.relay().key("errors", "roll:execute,encounter:read");
        var bad = roll(key, "", "{\"formula\":\"2d\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("error").asText()).startsWith("Failed to roll formula:");
        var unknownUser = Http.get(env.relay().uri("/encounters?userId=nobody"), "x-api-key", key);
        assertThat(unknownUser.statusCode()).isEqualTo(400);
        assertThat(json(unknownUser).path("error").asText()).isEqualTo("User not found: nobody");
    }

    @Test
    void parametersAreCheckedWithTheKnownTexts() {
        env.sims().connect(env.relay(), "params", "fvtt_1000000000000003");
        var key = env.relay().key("params", "roll:execute,roll:read");
        assertThat(roll(key, "", "{}").body()).isEqualTo("{\"error\":\"'formula' is required\"}");
        assertThat(roll(key, "", "{\"formula\":7}").body()).isEqualTo("{\"error\":\"'formula' must be a string\"}");
        assertThat(roll(key, "", "{\"formula\":\"1d6\",\"createChatMessage\":\"maybe\"}").body())
                .isEqualTo("{\"error\":\"'createChatMessage' must be a valid boolean\"}");
        assertThat(roll(key, "", "{\"formula\":\"1d6\",\"whisper\":\"[oops\"}").body())
                .isEqualTo("{\"error\":\"'whisper' must be a valid array\"}");
        var limit = Http.get(env.relay().uri("/rolls?limit=abc"), "x-api-key", key);
        assertThat(limit.statusCode()).isEqualTo(400);
        assertThat(limit.body()).isEqualTo("{\"error\":\"'limit' must be a valid number\"}");
        var malformed = roll(key, "", "{\"formula\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).path("error").asText()).startsWith("Invalid JSON body");
    }

    @Test
    void thePayloadCarriesTypeRequestIdScopesDataAndBothSpellings() throws Exception {
        var world = new ScriptedWorld(m -> m.deepCopy().put("type", m.path("type").asText() + "-result"));
        env.sims().connect(env.relay(), "fvtt_1000000000000004", env.relay().connectionToken("payload", "fvtt_1000000000000004"), world);
        var key = env.relay().key("payload", "encounter:manage");
        var r = Http.post(env.relay().uri("/next-turn?encounterId=c1&userId=Gamemaster&undeclared=x"), "{}", "x-api-key", key);
        assertThat(r.statusCode()).isEqualTo(200);
        var sent = world.received().getLast();
        assertThat(sent.path("type").asText()).isEqualTo("next-turn");
        assertThat(sent.path("requestId").asText()).startsWith("next-turn_");
        assertThat(sent.path("encounterId").asText()).isEqualTo("c1");
        assertThat(sent.path("encounter").asText()).isEqualTo("c1");
        assertThat(sent.path("userId").asText()).isEqualTo("Gamemaster");
        assertThat(sent.path("_scopes").toString()).isEqualTo("[\"encounter:manage\"]");
        assertThat(sent.path("data").isObject()).isTrue();
        assertThat(sent.has("undeclared")).isFalse();
        assertThat(sent.has("clientId")).isFalse();

        Http.post(env.relay().uri("/start-encounter"), "{\"tokens\":[\"Scene.a.Token.b\"]}", "x-api-key", key);
        var start = world.received().getLast();
        assertThat(start.path("tokenUuids").toString()).isEqualTo("[\"Scene.a.Token.b\"]");
        assertThat(start.path("tokens").toString()).isEqualTo("[\"Scene.a.Token.b\"]");
    }

    @Test
    void anAuthenticatedWorldMaySendLargeAnswers() {
        var big = "x".repeat(3 * 1024 * 1024); // far above the pre-auth frame cap
        var world = new ScriptedWorld(m -> JsonNodeFactory.instance.objectNode().put("type", "encounters-result")
                .put("requestId", m.path("requestId").asText()).put("blob", big));
        env.sims().connect(env.relay(), "fvtt_1000000000000009", env.relay().connectionToken("bigreply", "fvtt_1000000000000009"), world);
        var key = env.relay().key("bigreply", "encounter:read");
        var r = Http.get(env.relay().uri("/encounters"), "x-api-key", key);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("blob").asText()).hasSize(big.length());
    }

    @Test
    void aKeysBoundUserReplacesTheCallersUserId() {
        var world = new ScriptedWorld(m -> m.deepCopy().put("type", "encounters-result"));
        env.sims().connect(env.relay(), "fvtt_1000000000000005", env.relay().connectionToken("bounduser", "fvtt_1000000000000005"), world);
        var key = env.relay().key("bounduser", "encounter:read", "--foundry-user", "Alice");
        Http.get(env.relay().uri("/encounters?userId=Gamemaster"), "x-api-key", key);
        assertThat(world.received().getLast().path("userId").asText()).isEqualTo("Alice");
    }

    @Test
    void aReplyIsMatchedByRequestIdWhateverItsType() {
        var world = new ScriptedWorld(m -> JsonNodeFactory.instance.objectNode()
                .put("type", "encounter-navigation").put("requestId", m.path("requestId").asText())
                .put("error", "No active encounter"));
        env.sims().connect(env.relay(), "fvtt_1000000000000006", env.relay().connectionToken("oddtype", "fvtt_1000000000000006"), world);
        var key = env.relay().key("oddtype", "encounter:manage");
        var r = Http.post(env.relay().uri("/last-round"), "{}", "x-api-key", key);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("type").asText()).isEqualTo("encounter-navigation");
    }

    @Test
    void aSilentWorldGives408AndLeavesNothingPending() {
        env.sims().connect(env.relay(), "fvtt_1000000000000007", env.relay().connectionToken("silent", "fvtt_1000000000000007"),
                ScriptedWorld.silent());
        var key = env.relay().key("silent", "roll:execute");
        long start = System.currentTimeMillis();
        var r = roll(key, "", "{\"formula\":\"1d6\"}");
        assertThat(r.statusCode()).isEqualTo(408);
        assertThat(r.body()).isEqualTo("{\"error\":\"Request timed out\"}");
        assertThat(System.currentTimeMillis() - start).isBetween(1_400L, 4_000L);
        assertThat(env.relay().relay().hub().pendingCount()).isZero();
    }

    @Test
    void fiftyRequestsInFlightEndAtOnceWhenTheWorldDisconnects() throws Exception {
        var world = env.sims().connect(env.relay(), "fvtt_1000000000000008",
                env.relay().connectionToken("inflight", "fvtt_1000000000000008"), ScriptedWorld.silent());
        var key = env.relay().key("inflight", "roll:execute");
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var calls = new ArrayList<CompletableFuture<HttpResponse<String>>>();
            for (int i = 0; i < 50; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> roll(key, "?clientId=fvtt_1000000000000008",
                        "{\"formula\":\"1d6\"}"), pool));
            }
            var hub = env.relay().relay().hub();
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.pendingCount() == 50);
            long start = System.currentTimeMillis();
            world.close();
            for (var call : calls) {
                var r = call.get();
                assertThat(r.statusCode()).isEqualTo(502);
                assertThat(json(r).path("error").asText()).isEqualTo("Foundry world disconnected before answering");
                assertThat(json(r).path("clientId").asText()).isEqualTo("fvtt_1000000000000008");
            }
            assertThat(System.currentTimeMillis() - start).as("502s, not timeouts, and promptly").isLessThan(1_400L);
            assertThat(hub.pendingCount()).isZero();
        }
    }

    @Test
    void aWorldThatStopsReadingFillsItsQueueAndFurtherCallsFailAtOnce() throws Exception {
        var token = env.relay().connectionToken("frozen-queue", "fvtt_100000000000000e");
        var key = env.relay().key("frozen-queue", "roll:execute");
        try (var raw = org.foundryrelay.testing.RawSocket.open(env.relay().relay().port(),
                "/relay?id=fvtt_100000000000000e", "127.0.0.1")) {
            raw.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
            assertThat(raw.next().text()).contains("auth-success");
            // the world never reads again: socket buffers fill, then the relay's own queue
            var flavor = "x".repeat(1024 * 1024);
            var body = "{\"formula\":\"1d6\",\"flavor\":\"" + flavor + "\"}";
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                var calls = new ArrayList<CompletableFuture<HttpResponse<String>>>();
                for (int i = 0; i < 40; i++) {
                    calls.add(CompletableFuture.supplyAsync(() -> roll(key, "", body), pool));
                }
                int busy = 0;
                for (var call : calls) {
                    var r = call.get();
                    assertThat(r.statusCode()).isIn(408, 503);
                    if (r.statusCode() == 503) {
                        busy++;
                        assertThat(json(r).path("error").asText()).contains("send queue is full");
                    }
                }
                assertThat(busy).as("calls past the queue's limit fail at once").isPositive();
            }
        }
        // The world's socket has just closed; its last waiting entries go as the relay handles the close.
        await().atMost(Duration.ofSeconds(5)).until(() -> env.relay().relay().hub().pendingCount() == 0);
    }

    @Test
    void aThousandConcurrentRequestsEachGetTheirOwnAnswer() throws Exception {
        try (var busy = TestRelay.start(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"))) {
            thousandRequests(busy);
        }
    }

    private void thousandRequests(TestRelay busy) throws Exception {
        env.sims().connect(busy, "many", "fvtt_1000000000000009");
        var key = busy.key("many", "roll:execute");
        long started = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var calls = new ArrayList<CompletableFuture<HttpResponse<String>>>();
            for (int i = 0; i < 1000; i++) {
                var formula = "1d1+" + i;
                calls.add(CompletableFuture.supplyAsync(() -> Http.post(busy.uri("/roll"),
                        "{\"formula\":\"" + formula + "\"}", "x-api-key", key), pool));
            }
            var requestIds = new java.util.HashSet<String>();
            for (int i = 0; i < 1000; i++) {
                var r = calls.get(i).get();
                assertThat(r.statusCode()).isEqualTo(200);
                var body = json(r);
                assertThat(body.at("/data/roll/formula").asText()).isEqualTo("1d1+" + i);
                assertThat(body.at("/data/roll/total").asInt()).isEqualTo(i + 1);
                requestIds.add(body.path("requestId").asText());
            }
            assertThat(requestIds).hasSize(1000);
        }
        assertThat(env.relay().relay().hub().pendingCount()).isZero();
        System.out.printf("1000 concurrent relayed rolls over one world: %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    void worldSelectionAndAccountIsolation() {
        env.sims().connect(env.relay(), "tenant-a", "fvtt_100000000000000a");
        env.sims().connect(env.relay(), "tenant-a", "fvtt_100000000000000b");
        var a = env.relay().key("tenant-a", "roll:execute,clients:read");
        var b = env.relay().key("tenant-b", "roll:execute,clients:read");

        var several = roll(a, "", "{\"formula\":\"1d6\"}");
        assertThat(several.statusCode()).isEqualTo(400);
        assertThat(json(several).path("error").asText()).isEqualTo("Multiple clients connected. Please specify clientId.");
        assertThat(json(several).path("connectedClients")).hasSize(2);
        assertThat(roll(a, "?clientId=fvtt_100000000000000b", "{\"formula\":\"1d6\"}").statusCode()).isEqualTo(200);

        var none = roll(b, "", "{\"formula\":\"1d6\"}");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).isEqualTo("{\"error\":\"No connected Foundry clients found\"}");
        var foreign = roll(b, "?clientId=fvtt_100000000000000a", "{\"formula\":\"1d6\"}");
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(json(foreign).path("error").asText()).isEqualTo("Invalid client ID");
        assertThat(Http.get(env.relay().uri("/clients"), "x-api-key", b).body()).isEqualTo("{\"total\":0,\"clients\":[]}");

        var boundKey = env.relay().key("tenant-a", "roll:execute,clients:read", "--client", "fvtt_100000000000000a");
        assertThat(roll(boundKey, "", "{\"formula\":\"1d6\"}").statusCode()).as("the one bound world is chosen").isEqualTo(200);
        var denied = roll(boundKey, "?clientId=fvtt_100000000000000b", "{\"formula\":\"1d6\"}");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).isEqualTo("{\"error\":\"API key is not authorized for this client\"}");
        assertThat(Http.get(env.relay().uri("/clients"), "x-api-key", boundKey).body())
                .contains("fvtt_100000000000000a").doesNotContain("fvtt_100000000000000b");
    }

    @Test
    void scopeIsCheckedAfterTheKey() {
        var key = env.relay().key("scoped", "roll:read");
        var r = roll(key, "", "{\"formula\":\"1d6\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"error\":\"API key lacks required scope: roll:execute\"}");
        assertThat(Http.get(env.relay().uri("/clients"), "x-api-key", key).body())
                .isEqualTo("{\"error\":\"API key lacks required scope: clients:read\"}");
    }

    @Test
    void unsolicitedMessagesAreDroppedNeverForwardedToOtherWorlds() throws Exception {
        var sender = new ScriptedWorld(m -> null);
        var bystander = ScriptedWorld.silent();
        env.sims().connect(env.relay(), "fvtt_100000000000000c", env.relay().connectionToken("noleak", "fvtt_100000000000000c"), sender);
        env.sims().connect(env.relay(), "fvtt_100000000000000d", env.relay().connectionToken("noleak", "fvtt_100000000000000d"), bystander);
        var key = env.relay().key("noleak", "roll:execute");
        // A call waits on the bystander; the sender then answers it in the bystander's place.
        var call = CompletableFuture.supplyAsync(() -> roll(key, "?clientId=fvtt_100000000000000d", "{\"formula\":\"1d6\"}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> bystander.received().stream()
                .anyMatch(m -> m.path("type").asText().equals("roll")));
        var requestId = bystander.received().stream().filter(m -> m.path("type").asText().equals("roll"))
                .findFirst().orElseThrow().path("requestId").asText();
        sender.push(JsonNodeFactory.instance.objectNode().put("type", "server-url-result").put("url", "x"));
        sender.push(JsonNodeFactory.instance.objectNode().put("type", "roll-result").put("requestId", requestId)
                .put("forged", true));
        var r = call.get();
        assertThat(r.statusCode()).as("only the world the call went to may answer it").isEqualTo(408);
        assertThat(r.body()).doesNotContain("forged");
        assertThat(bystander.received()).noneMatch(m -> m.path("type").asText().equals("server-url-result")
                || m.has("forged"));
        await().atMost(Duration.ofSeconds(5)).until(() -> env.relay().relay().hub().pendingCount() == 0);
    }
}
