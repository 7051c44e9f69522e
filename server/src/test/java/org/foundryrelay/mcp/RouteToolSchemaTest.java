package org.foundryrelay.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.foundryrelay.json.Json;
import org.foundryrelay.routes.Param;
import org.foundryrelay.routes.Route;
import org.foundryrelay.routes.RouteTable;
import org.junit.jupiter.api.Test;

/**
 * Generated over the whole route table, so rows added later are covered: every row has a tool with a
 * valid name and schema, and that schema accepts the row's documented example (its query, path and body
 * parameters as a tool client would send them, typed) while refusing a missing required parameter and an
 * unknown one.
 */
class RouteToolSchemaTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final DefaultJsonSchemaValidator validator = new DefaultJsonSchemaValidator(Json.MAPPER);

    @Test
    void everyRowHasAToolWhoseSchemaAcceptsItsExample() {
        var names = new HashSet<String>(List.of("list_worlds", "world_overview", "recent_events"));
        for (var route : RouteTable.all()) {
            var tool = RouteTools.tool(route, null).tool();
            var label = route.method() + " " + route.path();
            assertThat(tool.name()).as(label).matches("[A-Za-z0-9_.-]{1,128}");
            assertThat(names.add(tool.name())).as("one tool per name: " + tool.name()).isTrue();
            var schema = tool.inputSchema();
            assertThat(validator.validateSchema(schema).valid()).as(label + " schema").isTrue();
            assertThat(tool.annotations().destructiveHint()).as(label).isEqualTo(route.effect() == Route.Effect.DESTRUCTIVE);
            assertThat(tool.annotations().readOnlyHint()).as(label).isEqualTo(route.effect() == Route.Effect.READ);

            var args = route.example().map(e -> exampleArguments(route, e)).orElseGet(() -> requiredOnly(route));
            var accepted = validator.validate(schema, Json.MAPPER.convertValue(args, Map.class));
            assertThat(accepted.valid()).as(label + " accepts " + args + ": " + accepted.errorMessage()).isTrue();

            var unknown = args.deepCopy().put("notAParameterOfThisRow", 1);
            assertThat(validator.validate(schema, Json.MAPPER.convertValue(unknown, Map.class)).valid())
                    .as(label + " refuses an unknown parameter").isFalse();
            for (var param : route.params()) {
                if (!param.required()) continue;
                var without = args.deepCopy();
                without.remove(param.name());
                assertThat(validator.validate(schema, Json.MAPPER.convertValue(without, Map.class)).valid())
                        .as(label + " refuses a call without " + param.name()).isFalse();
            }
        }
    }

    @Test
    void theExampleConversionReadsQueryPathAndBodyUnderEveryAlias() {
        var route = Route.post("/thing/{uuid}", "thing").scope(org.foundryrelay.auth.Scope.ENTITY_WRITE).group("t").summary("t")
                .params(Param.path("uuid", "u"), Param.optional("count", Param.Source.QUERY, Param.Type.NUMBER, "c"),
                        Param.optional("encounterId", Param.Source.BODY, Param.Type.ANY, "e").alias("encounter"),
                        Param.optional("on", Param.Source.QUERY_THEN_BODY, Param.Type.BOOLEAN, "o"))
                .example("/thing/Actor.x?count=3&on=true&clientId=fvtt_1", "{\"encounter\":\"abc\"}").build();
        var args = exampleArguments(route, route.example().orElseThrow());
        assertThat(args.toString()).isEqualTo("{\"uuid\":\"Actor.x\",\"count\":3,\"on\":true,\"clientId\":\"fvtt_1\",\"encounterId\":\"abc\"}");
    }

    /** The example call as tool arguments: each value under the parameter's main name, typed as JSON. */
    static com.fasterxml.jackson.databind.node.ObjectNode exampleArguments(Route route, Route.Example example) {
        var args = Json.object();
        var pathAndQuery = example.pathAndQuery();
        int q = pathAndQuery.indexOf('?');
        var path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        var template = route.path().split("/");
        var actual = path.split("/");
        assertThat(actual.length).as(route.path() + " example path " + path).isEqualTo(template.length);
        for (int i = 0; i < template.length; i++) {
            if (template[i].startsWith("{") && template[i].endsWith("}")) {
                put(route, args, template[i].substring(1, template[i].length() - 1), NODES.textNode(decode(actual[i])), true);
            } else {
                assertThat(actual[i]).as(route.path() + " example path").isEqualTo(template[i]);
            }
        }
        if (q >= 0) {
            for (var pair : pathAndQuery.substring(q + 1).split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                var name = decode(eq < 0 ? pair : pair.substring(0, eq));
                put(route, args, name, NODES.textNode(eq < 0 ? "" : decode(pair.substring(eq + 1))), true);
            }
        }
        if (example.body() != null && !example.body().isBlank()) {
            JsonNode body;
            try {
                body = Json.parse(example.body());
            } catch (Exception e) {
                throw new AssertionError(route.path() + " example body is not JSON", e);
            }
            body.properties().forEach(field -> put(route, args, field.getKey(), field.getValue(), false));
        }
        return args;
    }

    private static void put(Route route, com.fasterxml.jackson.databind.node.ObjectNode args, String name, JsonNode value,
                            boolean fromText) {
        if (name.equals(RouteTools.CLIENT_ID)) {
            args.set(name, value);
            return;
        }
        Optional<Param> param = route.params().stream().filter(p -> p.names().contains(name)).findFirst();
        assertThat(param).as(route.method() + " " + route.path() + ": the example's '" + name + "' is a declared parameter").isPresent();
        var p = param.get();
        args.set(p.name(), fromText ? typed(p, value.asText()) : value);
    }

    // A query or path value as a tool client would send it: a number, a boolean, parsed JSON, or a string.
    private static JsonNode typed(Param param, String text) {
        try {
            return switch (param.type()) {
                case NUMBER -> Json.parse(text);
                case BOOLEAN -> NODES.booleanNode(Boolean.parseBoolean(text));
                case ARRAY, OBJECT -> Json.parse(text);
                case STRING, ANY -> NODES.textNode(text);
            };
        } catch (Exception e) {
            throw new AssertionError("example value of " + param.name() + " is not a " + param.type() + ": " + text, e);
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode requiredOnly(Route route) {
        var args = Json.object();
        for (var p : route.params()) {
            if (!p.required()) continue;
            args.set(p.name(), switch (p.type()) {
                case NUMBER -> NODES.numberNode(1);
                case BOOLEAN -> NODES.booleanNode(true);
                case ARRAY -> NODES.arrayNode();
                case OBJECT -> NODES.objectNode();
                case STRING, ANY -> NODES.textNode("x");
            });
        }
        return args;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

}
