package org.foundryrelay.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.events.EventHub;
import org.foundryrelay.foundry.KnownWorlds;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.json.Json;
import org.foundryrelay.routes.CallRefused;
import org.foundryrelay.routes.Forwarder;
import org.foundryrelay.routes.Route;

/**
 * The relay's MCP server: a tool for every route row plus a few world-level tools, the key's worlds as
 * resources, served at {@code /mcp}. What a key sees and may call follows its scopes.
 */
public final class RelayMcp {
    static final String INSTRUCTIONS = "Tools act on Foundry VTT worlds through Foundry Relay. Start with "
            + "list_worlds or world_overview. When the key reaches more than one connected world, name the world "
            + "with clientId. Tools marked destructive delete or destroy things in the world.";

    private RelayMcp() {}

    /** Builds the MCP server over {@code routes} and returns its HTTP endpoint. */
    public static Endpoints create(String version, List<Route> routes, ApiGuard guard, Forwarder forwarder,
                                   KnownWorlds worlds, EventHub events) {
        var json = new JacksonMcpJsonMapper(Json.MAPPER);
        return new McpEndpoint(guard, json, transport -> {
            var tools = tools(routes, forwarder, worlds, events);
            Map<String, RelayTool> byName = tools.stream().collect(Collectors.toMap(RelayTool::name, t -> t));
            var resources = new WorldResources(worlds, new RowCalls(forwarder), rows(routes));
            McpServer.sync(transport)
                    .serverInfo("foundry-relay", version)
                    .instructions(INSTRUCTIONS)
                    .jsonMapper(json)
                    .jsonSchemaValidator(new DefaultJsonSchemaValidator(Json.MAPPER))
                    .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
                    // Tool calls run on the request's own (virtual) thread rather than a Reactor pool.
                    .immediateExecution(true)
                    .tools(tools.stream().map(RelayMcp::spec).toList())
                    .addToolFilter((ctx, tool) -> {
                        var t = byName.get(tool.name());
                        return t != null && t.allowed().test(McpEndpoint.principal(ctx));
                    })
                    .resources(resources.list())
                    .resourceTemplates(resources.world())
                    .build();
        });
    }

    /** Every tool, before any key's scopes are applied: one per row, then the world-level ones. */
    static List<RelayTool> tools(List<Route> routes, Forwarder forwarder, KnownWorlds worlds, EventHub events) {
        var calls = new RowCalls(forwarder);
        var tools = new ArrayList<>(RouteTools.all(routes, calls));
        tools.addAll(new WorldTools(worlds, forwarder, calls, events, rows(routes)).all());
        return tools;
    }

    private static Function<String, Optional<Route>> rows(List<Route> routes) {
        Map<String, Route> byType = routes.stream().collect(Collectors.toMap(Route::messageType, r -> r));
        return type -> Optional.ofNullable(byType.get(type));
    }

    // The scope check is repeated on call: the list filter only hides tools.
    private static SyncToolSpecification spec(RelayTool t) {
        return new SyncToolSpecification(t.tool(), (ctx, request) -> {
            var principal = McpEndpoint.principal(ctx);
            if (!t.allowed().test(principal)) return ToolResults.error(t.refusal());
            ObjectNode args = request.arguments() == null ? Json.object() : Json.MAPPER.valueToTree(request.arguments());
            var clientId = args.remove(RouteTools.CLIENT_ID);
            try {
                return t.call().run(principal, args, clientId == null || clientId.isNull() ? null : clientId.asText());
            } catch (CallRefused refused) {
                return ToolResults.error(refused.body());
            }
        });
    }
}
