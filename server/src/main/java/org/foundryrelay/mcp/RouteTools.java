package org.foundryrelay.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.routes.Param;
import org.foundryrelay.routes.Route;

/**
 * One tool per route row: named after the row's message type ({@code start-encounter} → {@code
 * start_encounter}), described by its summary, its input schema built from the row's parameters plus an
 * optional {@code clientId}, annotated read-only or destructive from the row's effect, visible to keys
 * holding the row's scope.
 */
final class RouteTools {
    static final String CLIENT_ID = "clientId";

    private RouteTools() {}

    static List<RelayTool> all(List<Route> routes, RowCalls calls) {
        return routes.stream().map(route -> tool(route, calls)).toList();
    }

    /** The tool name for a row: its message type with {@code _} for anything a tool name may not hold. */
    static String name(Route route) {
        return route.messageType().replaceAll("[^A-Za-z0-9_.]", "_");
    }

    static RelayTool tool(Route route, RowCalls calls) {
        var read = route.effect() == Route.Effect.READ;
        var tool = McpSchema.Tool.builder(name(route), inputSchema(route))
                .title(route.summary())
                .description(route.summary() + ". Same as " + route.method() + " " + route.path()
                        + " of the REST API; needs the " + route.scope().wireName() + " scope."
                        + (route.effect() == Route.Effect.DESTRUCTIVE ? " Destructive: deletes or destroys something in the world." : ""))
                .annotations(new McpSchema.ToolAnnotations(route.summary(), read,
                        route.effect() == Route.Effect.DESTRUCTIVE, read, false, null))
                .build();
        return new RelayTool(tool, p -> p.has(route.scope()), ApiGuard.lacksScope(route.scope()),
                (principal, args, clientId) -> ToolResults.of(route, calls.call(principal, route, args, clientId).join()));
    }

    /**
     * A JSON Schema object with one property per parameter under its main name (aliases are for older HTTP
     * clients), the required ones listed, nothing else allowed.
     */
    static Map<String, Object> inputSchema(Route route) {
        var properties = new LinkedHashMap<String, Object>();
        var required = new ArrayList<String>();
        for (var param : route.params()) {
            properties.put(param.name(), property(param));
            if (param.required()) required.add(param.name());
        }
        properties.put(CLIENT_ID, Map.of("type", "string", "description",
                "the world to act on (a clientId from list_worlds); may be left out when the key reaches one connected world"));
        var schema = new LinkedHashMap<String, Object>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) schema.put("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> property(Param param) {
        var p = new LinkedHashMap<String, Object>();
        var type = switch (param.type()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case OBJECT -> "object";
            case ANY -> null;
        };
        if (type != null) p.put("type", type);
        if (param.description() != null) p.put("description", param.description());
        return p;
    }
}
