package org.foundryrelay.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.auth.Principal;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.foundry.KnownWorlds;
import org.foundryrelay.json.Json;
import org.foundryrelay.routes.Route;

/**
 * The key's worlds as MCP resources: {@code foundry://worlds} lists them, {@code foundry://worlds/{clientId}}
 * is one world with, when it is online and the key may read it, the world's own description (system,
 * modules, users, active scene). Both need the {@code clients:read} scope, as {@code GET /clients} does.
 */
final class WorldResources {
    static final String LIST_URI = "foundry://worlds";
    static final String WORLD_PREFIX = "foundry://worlds/";

    private final KnownWorlds worlds;
    private final RowCalls calls;
    private final Function<String, Optional<Route>> rows;

    WorldResources(KnownWorlds worlds, RowCalls calls, Function<String, Optional<Route>> rows) {
        this.worlds = worlds;
        this.calls = calls;
        this.rows = rows;
    }

    SyncResourceSpecification list() {
        var resource = McpSchema.Resource.builder(LIST_URI, "worlds").title("Your Foundry worlds")
                .description("The Foundry worlds this key reaches, with their clientId and whether they are online")
                .mimeType("application/json").build();
        return new SyncResourceSpecification(resource, (ctx, request) -> {
            var principal = allowed(ctx);
            var list = worlds.list(principal);
            var body = Json.object().put("total", list.size());
            body.set("worlds", list);
            return text(request.uri(), body);
        });
    }

    SyncResourceTemplateSpecification world() {
        var template = McpSchema.ResourceTemplate.builder(WORLD_PREFIX + "{clientId}", "world")
                .title("A Foundry world").mimeType("application/json")
                .description("One world: its status and, while it is online, its system, modules, users and active scene")
                .build();
        return new SyncResourceTemplateSpecification(template, (ctx, request) -> {
            var principal = allowed(ctx);
            var clientId = request.uri().substring(WORLD_PREFIX.length());
            JsonNode entry = null;
            for (var w : worlds.list(principal)) if (w.path("clientId").asText().equals(clientId)) entry = w;
            if (entry == null) throw McpError.RESOURCE_NOT_FOUND.apply(request.uri());
            var body = Json.object();
            body.setAll((com.fasterxml.jackson.databind.node.ObjectNode) entry);
            var info = rows.apply("world-info");
            if (entry.path("isOnline").asBoolean() && info.isPresent() && principal.has(info.get().scope())) {
                var answer = calls.call(principal, info.get(), Json.object(), clientId).join();
                if (answer.ok()) body.set("info", answer.body());
            }
            return text(request.uri(), body);
        });
    }

    private static Principal allowed(McpTransportContext ctx) {
        var principal = McpEndpoint.principal(ctx);
        if (!principal.has(Scope.CLIENTS_READ)) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST).message(ApiGuard.lacksScope(Scope.CLIENTS_READ)).build();
        }
        return principal;
    }

    private static McpSchema.ReadResourceResult text(String uri, JsonNode body) {
        return McpSchema.ReadResourceResult.builder(List.of(
                McpSchema.TextResourceContents.builder(uri, Json.write(body)).mimeType("application/json").build())).build();
    }
}
