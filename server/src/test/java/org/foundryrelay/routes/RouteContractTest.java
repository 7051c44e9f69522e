package org.foundryrelay.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.json.Json;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.SimWorlds;
import org.foundryrelay.testing.SwappableWorld;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract every row of the route table keeps, generated from the table itself so a new row is
 * covered the day it is added: its example succeeds against a fresh bundled world with the module's reply
 * shape; without its scope the key gets 403; an unknown {@code userId} is the module's 400; each required
 * parameter left out is the relay's 400; with no world online it is 404.
 */
class RouteContractTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("PER_MINUTE_REQUEST_LIMIT", "0"));

    private static final String CLIENT = "fvtt_c0n7rac7c0n7rac7";
    /** Rows that act on the active combat need one first: the row whose example starts it. */
    private static final Map<String, String> SETUP_BY_GROUP = Map.of("encounters", "start-encounter");

    private SwappableWorld world;
    private String key;

    @TestFactory
    Stream<DynamicNode> everyRowKeepsTheContract() {
        world = new SwappableWorld(() -> SimWorlds.world("contract-world"));
        env.sims().connect(env.relay(), CLIENT, env.relay().connectionToken("contract", CLIENT), world);
        key = env.relay().key("contract", "all");
        var offlineKey = env.relay().key("contract-offline", "all");
        return RouteTable.all().stream().map(route -> DynamicContainer.dynamicContainer(
                route.method() + " " + route.path(), Stream.of(
                        DynamicTest.dynamicTest("has an example that succeeds", () -> succeeds(route)),
                        DynamicTest.dynamicTest("403 without its scope", () -> needsScope(route)),
                        DynamicTest.dynamicTest("400 for an unknown userId", () -> unknownUser(route)),
                        DynamicTest.dynamicTest("400 without a required parameter", () -> requiredParams(route)),
                        DynamicTest.dynamicTest("404 with no world online", () -> offline(route, offlineKey)))));
    }

    private Route.Example example(Route route) {
        assertThat(route.example()).as(route.path() + " has an example call").isPresent();
        return route.example().get();
    }

    private HttpResponse<String> call(Route route, String pathAndQuery, String body, String apiKey) {
        var uri = env.relay().uri(pathAndQuery);
        var method = route.method().name();
        return method.equals("GET") ? Http.get(uri, "x-api-key", apiKey)
                : Http.method(uri, method, body == null ? "{}" : body, "x-api-key", apiKey, "Content-Type", "application/json");
    }

    /** A fresh world, prepared when the row needs state, then the row's example. */
    private HttpResponse<String> run(Route route, String pathAndQuery, String body, String apiKey) {
        world.reset();
        var setup = SETUP_BY_GROUP.get(route.group());
        if (setup != null && !setup.equals(route.messageType())) {
            var first = RouteTable.byMessageType(setup).orElseThrow();
            var prepared = call(first, first.example().orElseThrow().pathAndQuery(), first.example().get().body(), key);
            assertThat(prepared.statusCode()).as("setup " + first.path() + ": " + prepared.body()).isEqualTo(200);
        }
        return call(route, pathAndQuery, body, apiKey);
    }

    private void succeeds(Route route) throws Exception {
        var example = example(route);
        var r = run(route, example.pathAndQuery(), example.body(), key);
        assertThat(r.statusCode()).as(route.path() + " answered " + r.body()).isEqualTo(200);
        if (route.reply() != Route.ReplyKind.JSON && !example.pathAndQuery().contains("format=base64")) {
            // bytes (an image, a file): the module's JSON was decoded at the edge
            assertThat(r.headers().firstValue("Content-Type")).isPresent().get().asString().doesNotStartWith("application/json");
            return;
        }
        var body = Json.parse(r.body());
        assertThat(body.isObject()).isTrue();
        assertThat(body.path("type").asText()).isEqualTo(route.messageType() + "-result");
        assertThat(body.path("requestId").asText()).startsWith(route.messageType() + "_");
        assertThat(body.has("error")).as("no error in " + r.body()).isFalse();
        assertThat(body.path("success").asBoolean(true)).as("not a failure: " + r.body()).isTrue();
    }

    private void needsScope(Route route) {
        var example = example(route);
        var others = Arrays.stream(Scope.values()).filter(s -> s != route.scope()).map(Scope::wireName)
                .collect(Collectors.joining(","));
        var r = run(route, example.pathAndQuery(), example.body(), env.relay().key("contract", others));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"error\":\"API key lacks required scope: " + route.scope().wireName() + "\"}");
    }

    private void unknownUser(Route route) throws Exception {
        if (route.param("userId").isEmpty()) return;
        var example = example(route);
        var r = run(route, withQuery(example.pathAndQuery(), "userId=Nobody"), example.body(), key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Json.parse(r.body()).path("error").asText()).isEqualTo("User not found: Nobody");
    }

    private void requiredParams(Route route) throws Exception {
        var example = example(route);
        for (var param : route.params()) {
            if (!param.required() || param.source() == Param.Source.PATH) continue;
            var query = without(example.pathAndQuery(), param.names());
            var body = example.body() == null ? null : withoutFields(example.body(), param.names());
            var r = run(route, query, body, key);
            assertThat(r.statusCode()).as(param.name() + " left out: " + r.body()).isEqualTo(400);
            assertThat(r.body()).isEqualTo("{\"error\":\"'" + param.name() + "' is required\"}");
        }
    }

    private void offline(Route route, String offlineKey) {
        var example = example(route);
        var r = call(route, example.pathAndQuery(), example.body(), offlineKey);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"error\":\"No connected Foundry clients found\"}");
    }

    private static String withQuery(String pathAndQuery, String pair) {
        return pathAndQuery + (pathAndQuery.contains("?") ? "&" : "?") + pair;
    }

    private static String without(String pathAndQuery, List<String> names) {
        int q = pathAndQuery.indexOf('?');
        if (q < 0) return pathAndQuery;
        var kept = new ArrayList<String>();
        for (var pair : pathAndQuery.substring(q + 1).split("&")) {
            var name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
            if (!names.contains(name)) kept.add(pair);
        }
        return pathAndQuery.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }

    private static String withoutFields(String body, List<String> names) throws Exception {
        JsonNode node = Json.parse(body);
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) names.forEach(o::remove);
        return Json.write(node);
    }
}
