package org.foundryrelay.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.foundryrelay.mcp.McpClients.call;
import static org.foundryrelay.mcp.McpClients.structured;
import static org.foundryrelay.mcp.McpClients.text;
import static org.foundryrelay.mcp.McpClients.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.json.Json;
import org.foundryrelay.routes.Route;
import org.foundryrelay.routes.RouteTable;
import org.foundryrelay.sim.world.Channel;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.SseClient;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MCP endpoint through the SDK's own Java client, over real HTTP, against a relay and a simulated world. */
class McpTest {
    static final String ACCOUNT = "mcp";
    static final String CLIENT = "fvtt_5000000000000001";
    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}";

    static TestRelay relay;
    static SimWorlds sims;
    static World world;

    @BeforeAll
    static void start() {
        relay = TestRelay.start();
        sims = new SimWorlds();
        world = SimWorlds.world("mcp-world");
        sims.connect(relay, CLIENT, relay.connectionToken(ACCOUNT, CLIENT), world);
    }

    @AfterAll
    static void stop() {
        sims.close();
        relay.close();
    }

    private static Set<String> routeTools(Set<Scope> scopes) {
        return RouteTable.all().stream().filter(r -> scopes.contains(r.scope())).map(RouteTools::name)
                .collect(Collectors.toSet());
    }

    @Test
    void initializeNamesTheRelayAndItsCapabilities() {
        try (var client = McpClients.bearer(relay, relay.key(ACCOUNT, "roll:read"))) {
            var init = client.initialize();
            assertThat(init.serverInfo().name()).isEqualTo("foundry-relay");
            assertThat(init.protocolVersion()).isNotBlank();
            assertThat(init.capabilities().tools()).isNotNull();
            assertThat(init.capabilities().resources()).isNotNull();
            assertThat(init.instructions()).contains("list_worlds");
        }
    }

    @Test
    void toolsListShowsExactlyWhatTheKeysScopesAllow() {
        try (var client = McpClients.connected(relay, relay.key(ACCOUNT, "roll:read,roll:execute"))) {
            var expected = new HashSet<>(routeTools(Set.of(Scope.ROLL_READ, Scope.ROLL_EXECUTE)));
            expected.add("recent_events");
            assertThat(expected).contains("roll", "rolls", "last_roll");
            assertThat(tools(client).keySet()).containsExactlyInAnyOrderElementsOf(expected);
        }
        try (var client = McpClients.connected(relay, relay.key(ACCOUNT, "all"))) {
            var expected = new HashSet<>(routeTools(Set.of(Scope.values())));
            expected.addAll(List.of("list_worlds", "world_overview", "recent_events"));
            var all = tools(client);
            assertThat(all.keySet()).containsExactlyInAnyOrderElementsOf(expected);
            var end = all.get("end_encounter");
            assertThat(end.annotations().destructiveHint()).isTrue();
            assertThat(end.annotations().readOnlyHint()).isFalse();
            var roll = Json.MAPPER.valueToTree(all.get("roll").inputSchema());
            assertThat(roll.path("required").toString()).isEqualTo("[\"formula\"]");
            assertThat(roll.path("properties").has("formula") && roll.path("properties").has("clientId")).isTrue();
            assertThat(roll.at("/properties/formula/type").asText()).isEqualTo("string");
        }
    }

    @Test
    void aReadOnlyKeySeesNoDestructiveTool() {
        var readScopes = RouteTable.all().stream().filter(r -> r.effect() == Route.Effect.READ).map(Route::scope)
                .filter(s -> RouteTable.all().stream().noneMatch(r -> r.scope() == s && r.effect() != Route.Effect.READ))
                .map(Scope::wireName).collect(Collectors.toCollection(java.util.TreeSet::new));
        readScopes.add("clients:read");
        try (var client = McpClients.connected(relay, relay.key(ACCOUNT, String.join(",", readScopes)))) {
            var listed = tools(client);
            assertThat(listed).containsKeys("encounters", "rolls", "list_worlds", "world_overview");
            listed.values().forEach(t -> {
                assertThat(t.annotations().destructiveHint()).as(t.name()).isFalse();
                assertThat(t.annotations().readOnlyHint()).as(t.name()).isTrue();
            });
        }
    }

    @Test
    void rollGoesToTheWorldAndBringsBackItsAnswer() {
        try (var client = McpClients.connected(relay, relay.key(ACCOUNT, "roll:execute,roll:read"))) {
            var result = call(client, "roll", Map.of("formula", "2d20kh+5", "flavor", "initiative"));
            assertThat(result.isError()).as(text(result)).isNotEqualTo(Boolean.TRUE);
            var answer = structured(result);
            assertThat(answer.path("type").asText()).isEqualTo("roll-result");
            assertThat(answer.at("/data/roll/formula").asText()).isEqualTo("2d20kh+5");
            int total = answer.at("/data/roll/total").asInt();
            assertThat(total).isBetween(6, 25);
            assertThat(Json.parse(text(result)).at("/data/roll/total").asInt()).as("the same JSON as text").isEqualTo(total);
            // the world kept it: its own list of recent rolls has it first
            var last = structured(call(client, "last_roll", Map.of()));
            assertThat(last.at("/data/id").asText()).isEqualTo(answer.at("/data/id").asText());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aModuleErrorIsAToolErrorWithItsMessage() {
        try (var client = McpClients.connected(relay, relay.key(ACCOUNT, "roll:execute"))) {
            var result = call(client, "roll", Map.of("formula", "1d"));
            assertThat(result.isError()).isTrue();
            assertThat(text(result)).startsWith("Failed to roll formula");
        }
    }

    @Test
    void argumentsOutsideTheSchemaAreRefusedBeforeReachingTheWorld() {
        try (var client = McpClients.connected(relay, relay.key(ACCOUNT, "roll:execute"))) {
            var wrongType = call(client, "roll", Map.of("formula", 20));
            assertThat(wrongType.isError()).isTrue();
            assertThat(text(wrongType)).contains("formula");
            var missing = call(client, "roll", Map.of());
            assertThat(missing.isError()).isTrue();
            assertThat(text(missing)).contains("formula");
            var unknownWorld = call(client, "roll", Map.of("formula", "1d4", "clientId", "fvtt_nope"));
            assertThat(unknownWorld.isError()).isTrue();
            assertThat(text(unknownWorld)).isEqualTo("Invalid client ID");
        }
    }

    @Test
    void aCallBeyondTheKeysScopesIsRefusedAndChangesNothing() {
        try (var client = McpClients.connected(relay, relay.key(ACCOUNT, "encounter:read"))) {
            assertThat(tools(client)).doesNotContainKey("start_encounter");
            var refused = call(client, "start_encounter", Map.of("startWithPlayers", true));
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).isEqualTo("API key lacks required scope: encounter:manage");
            var refusedWorldTool = call(client, "list_worlds", Map.of());
            assertThat(text(refusedWorldTool)).isEqualTo("API key lacks required scope: clients:read");
            assertThat(structured(call(client, "encounters", Map.of())).path("encounters")).isEmpty();
        }
    }

    @Test
    void aKeysBoundWorldsAndFoundryUserApply() {
        try (var client = McpClients.connected(relay, relay.key(ACCOUNT, "roll:execute,clients:read", "--client", "fvtt_5000000000000099"))) {
            var elsewhere = call(client, "roll", Map.of("formula", "1d1", "clientId", CLIENT));
            assertThat(text(elsewhere)).isEqualTo("API key is not authorized for this client");
            assertThat(text(call(client, "roll", Map.of("formula", "1d1")))).isEqualTo("No connected Foundry clients found");
            assertThat(structured(call(client, "list_worlds", Map.of())).path("total").asInt()).as("another world's key sees none").isZero();
        }
        try (var client = McpClients.connected(relay, relay.key(ACCOUNT, "roll:execute", "--foundry-user", "Zed"))) {
            var result = call(client, "roll", Map.of("formula", "1d1", "userId", "Gamemaster"));
            assertThat(result.isError()).isTrue();
            assertThat(text(result)).as("the key's user replaced the one asked for").isEqualTo("User not found: Zed");
        }
    }

    @Test
    void aCombatThroughToolsWithTheOverviewAndRecentEvents() throws Exception {
        var gm = relay.key(ACCOUNT, "encounter:read,encounter:manage,clients:read,roll:read");
        var listen = relay.key(ACCOUNT, "events:subscribe");
        try (var client = McpClients.connected(relay, gm);
             var sse = SseClient.open(relay.uri("/encounters/subscribe?clientId=" + CLIENT), "x-api-key", listen)) {
            assertThat(sse.next(Duration.ofSeconds(5)).event()).isEqualTo("connected");
            await().atMost(Duration.ofSeconds(5)).until(() -> world.activeChannels().contains(Channel.COMBAT));

            var started = call(client, "start_encounter", Map.of("startWithPlayers", true, "startWithSelected", true));
            assertThat(started.isError()).as(text(started)).isNotEqualTo(Boolean.TRUE);
            var encounterId = structured(started).path("encounterId").asText();
            assertThat(encounterId).isNotEmpty();
            var next = call(client, "next_turn", Map.of("encounterId", encounterId));
            assertThat(structured(next).path("currentTurn").asInt()).isEqualTo(1);

            var overview = structured(call(client, "world_overview", Map.of()));
            assertThat(overview.at("/world/clientId").asText()).isEqualTo(CLIENT);
            assertThat(overview.at("/world/title").asText()).isNotEmpty();
            assertThat(overview.at("/combat/id").asText()).isEqualTo(encounterId);
            assertThat(overview.at("/combat/turn").asInt()).isEqualTo(1);
            assertThat(overview.path("activeScene").isObject()).isTrue();
            if (RouteTable.byMessageType("get-scene").isEmpty() && RouteTable.byMessageType("world-info").isEmpty()) {
                assertThat(overview.at("/activeScene/unavailable").asText()).isEqualTo("this relay has no get-scene call");
            }
            if (RouteTable.byMessageType("players").isEmpty() && RouteTable.byMessageType("world-info").isEmpty()) {
                assertThat(overview.at("/players/knownUsers").findValuesAsText("name")).as("the module's player list")
                        .contains("Gamemaster", "Alice");
            }

            await().atMost(Duration.ofSeconds(5)).until(() ->
                    structured(call(client, "recent_events", Map.of())).path("events").size() >= 2);
            var recent = structured(call(client, "recent_events", Map.of("limit", 10)));
            List<String> names = recent.path("events").findValuesAsText("event");
            assertThat(names).as(recent.toString()).contains("combat-start", "combat-turn");
            assertThat(recent.path("events").get(0).path("channel").asText()).isEqualTo("combat");
            assertThat(recent.has("recentRolls")).as("no roll recorded: the world's own list instead").isTrue();

            var worlds = structured(call(client, "list_worlds", Map.of()));
            assertThat(worlds.path("total").asInt()).isEqualTo(1);
            assertThat(worlds.at("/worlds/0/clientId").asText()).isEqualTo(CLIENT);
            assertThat(worlds.at("/worlds/0/isOnline").asBoolean()).isTrue();

            var ended = call(client, "end_encounter", Map.of());
            assertThat(structured(ended).path("message").asText()).isEqualTo("Encounter successfully ended");
            assertThat(structured(call(client, "world_overview", Map.of())).at("/combat/active").asBoolean(true)).isFalse();
        }
    }

    @Test
    void worldsAreResources() throws Exception {
        try (var client = McpClients.connected(relay, relay.key(ACCOUNT, "clients:read"))) {
            assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri).contains("foundry://worlds");
            assertThat(client.listResourceTemplates().resourceTemplates())
                    .extracting(McpSchema.ResourceTemplate::uriTemplate).contains("foundry://worlds/{clientId}");
            var list = client.readResource(McpSchema.ReadResourceRequest.builder("foundry://worlds").build());
            var body = Json.parse(((McpSchema.TextResourceContents) list.contents().getFirst()).text());
            assertThat(body.at("/worlds/0/clientId").asText()).isEqualTo(CLIENT);
            var one = client.readResource(McpSchema.ReadResourceRequest.builder("foundry://worlds/" + CLIENT).build());
            var world = Json.parse(((McpSchema.TextResourceContents) one.contents().getFirst()).text());
            assertThat(world.path("isOnline").asBoolean()).isTrue();
            assertThatThrownBy(() -> client.readResource(McpSchema.ReadResourceRequest.builder("foundry://worlds/fvtt_other").build()))
                    .hasMessageContaining("not found");
        }
        try (var client = McpClients.connected(relay, relay.key(ACCOUNT, "roll:read"))) {
            assertThatThrownBy(() -> client.readResource(McpSchema.ReadResourceRequest.builder("foundry://worlds").build()))
                    .hasMessageContaining("clients:read");
        }
    }

    @Test
    void withoutAGoodKeyThe401CarriesTheBearerChallenge() {
        var none = Http.post(relay.uri("/mcp"), INITIALIZE, "Accept", "application/json, text/event-stream");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"foundry-relay\"");
        assertThat(none.body()).startsWith("{\"error\":\"API key is required\"");
        var bad = Http.post(relay.uri("/mcp"), INITIALIZE, "Authorization", "Bearer not-a-key");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer realm=\"foundry-relay\", error=\"invalid_token\"");
        try (var client = McpClients.bearer(relay, null)) {
            assertThatThrownBy(client::initialize).isInstanceOf(RuntimeException.class);
        }
        var viaHeader = Http.post(relay.uri("/mcp"), INITIALIZE, "x-api-key", relay.key(ACCOUNT, "roll:read"));
        assertThat(viaHeader.statusCode()).isEqualTo(200);
        assertThat(viaHeader.body()).contains("\"foundry-relay\"");
    }

    @Test
    void everyErrorIsJsonWithAFittingStatus() {
        var key = relay.key(ACCOUNT, "roll:read");
        var get = Http.get(relay.uri("/mcp"), "x-api-key", key);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(get.body()).startsWith("{\"error\":");
        var garbage = Http.post(relay.uri("/mcp"), "{not json", "x-api-key", key);
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.valueToTree(parse(garbage.body())).at("/error/code").asInt()).isEqualTo(-32700);
        var text = Http.send(Http.builder(relay.uri("/mcp"), "x-api-key", key, "Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(INITIALIZE)).build());
        assertThat(text.statusCode()).isEqualTo(415);
        var noAccept = Http.post(relay.uri("/mcp"), INITIALIZE, "x-api-key", key, "Accept", "text/html");
        assertThat(noAccept.statusCode()).isEqualTo(406);
        var unknownMethod = Http.post(relay.uri("/mcp"), "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"nope/nothing\"}", "x-api-key", key);
        assertThat(unknownMethod.statusCode()).isEqualTo(200);
        assertThat(parse(unknownMethod.body()).at("/error/code").asInt()).isEqualTo(-32601);
        for (var r : List.of(get, garbage, text, noAccept, unknownMethod)) {
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(r.body()).doesNotContain("stackTrace").doesNotContain("at org.").doesNotContain("<html");
        }
    }

    @Test
    void withSeveralWorldsTheToolErrorNamesThemAndClientIdPicksOne() {
        sims.connect(relay, "mcp-two", "fvtt_5000000000000011");
        sims.connect(relay, "mcp-two", "fvtt_5000000000000012");
        try (var client = McpClients.connected(relay, relay.key("mcp-two", "roll:execute"))) {
            var ambiguous = call(client, "roll", Map.of("formula", "1d1"));
            assertThat(ambiguous.isError()).isTrue();
            assertThat(text(ambiguous)).isEqualTo("Multiple clients connected. Please specify clientId.");
            var details = ((McpSchema.TextContent) ambiguous.content().get(1)).text();
            assertThat(details).contains("fvtt_5000000000000011", "fvtt_5000000000000012");
            var picked = call(client, "roll", Map.of("formula", "1d1+1", "clientId", "fvtt_5000000000000012"));
            assertThat(structured(picked).at("/data/roll/total").asInt()).as(text(picked)).isEqualTo(2);
        }
    }

    @Test
    void browserClientsPassThePreflight() {
        var preflight = Http.method(relay.uri("/mcp"), "OPTIONS", null, "Origin", "http://localhost:6274",
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization, content-type, mcp-protocol-version");
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .contains("Authorization", "Content-Type", "Mcp-Protocol-Version");
    }

    @Test
    void eachMcpRequestCountsAgainstTheKeysLimits() {
        var key = relay.key(ACCOUNT, "roll:read", "--monthly-limit", "2");
        var first = Http.post(relay.uri("/mcp"), INITIALIZE, "Authorization", "Bearer " + key);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("RateLimit-Limit")).as("the per-minute limit applies").isPresent();
        assertThat(Http.post(relay.uri("/mcp"), INITIALIZE, "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
        var third = Http.post(relay.uri("/mcp"), INITIALIZE, "Authorization", "Bearer " + key);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.body()).isEqualTo("{\"error\":\"Scoped key monthly request limit exceeded\"}");
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String body) {
        try {
            return Json.parse(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }
}
