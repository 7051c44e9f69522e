package org.foundryrelay.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.auth.Principal;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.events.Channel;
import org.foundryrelay.events.EventHub;
import org.foundryrelay.foundry.KnownWorlds;
import org.foundryrelay.json.Json;
import org.foundryrelay.routes.Forwarder;
import org.foundryrelay.routes.Route;

/**
 * Tools an assistant needs that the REST API lacks, built from what exists: the key's worlds, one
 * world's state in one call, and its recent rolls and combat changes without a subscription. Each part
 * goes through the same rows (and scopes) as a direct call, and is left out with a reason when its row
 * is missing or the key lacks its scope.
 */
final class WorldTools {
    static final int MAX_EVENTS = 100;

    private final KnownWorlds worlds;
    private final Forwarder forwarder;
    private final RowCalls calls;
    private final EventHub events;
    private final Function<String, Optional<Route>> rows;

    WorldTools(KnownWorlds worlds, Forwarder forwarder, RowCalls calls, EventHub events,
               Function<String, Optional<Route>> rows) {
        this.worlds = worlds;
        this.forwarder = forwarder;
        this.calls = calls;
        this.events = events;
        this.rows = rows;
    }

    List<RelayTool> all() {
        return List.of(listWorlds(), worldOverview(), recentEvents());
    }

    private RelayTool listWorlds() {
        var tool = tool("list_worlds", "List worlds",
                "The Foundry worlds this key reaches, connected ones first, with their clientId (to name one in "
                        + "other tools), title, game system, Foundry version and whether they are online now.",
                Map.of("type", "object", "properties", Map.of(), "additionalProperties", false));
        return new RelayTool(tool, p -> p.has(Scope.CLIENTS_READ), ApiGuard.lacksScope(Scope.CLIENTS_READ),
                (principal, args, clientId) -> {
                    var list = worlds.list(principal);
                    var body = Json.object().put("total", list.size());
                    body.set("worlds", list);
                    return ToolResults.json(body);
                });
    }

    private static final List<Scope> OVERVIEW_SCOPES =
            List.of(Scope.CLIENTS_READ, Scope.WORLD_INFO, Scope.SCENE_READ, Scope.ENCOUNTER_READ, Scope.ENTITY_READ);

    private RelayTool worldOverview() {
        var tool = tool("world_overview", "World overview",
                "One world at a glance in one call: the world and its system, the active scene, the combat "
                        + "in progress (round, turn, combatants) and the players online. Parts the key's scopes "
                        + "do not allow are left out with the reason.",
                schema(Map.of()));
        return new RelayTool(tool, p -> OVERVIEW_SCOPES.stream().anyMatch(p::has),
                "API key lacks every scope world_overview reads: " + String.join(", ",
                        OVERVIEW_SCOPES.stream().map(Scope::wireName).toList()),
                this::overview);
    }

    private McpSchema.CallToolResult overview(Principal principal, ObjectNode args, String clientId) {
        var world = forwarder.world(principal, clientId);
        var id = world.clientId();
        var info = part(principal, "world-info", Json.object(), id);
        var scene = part(principal, "get-scene", Json.object().put("active", true), id);
        var combat = part(principal, "encounters", Json.object(), id);
        var players = part(principal, "players", Json.object(), id);
        CompletableFuture.allOf(info, scene, combat, players).join();

        var body = Json.object();
        var m = world.meta();
        body.putObject("world").put("clientId", id).put("worldId", m.worldId()).put("title", m.worldTitle())
                .put("system", m.systemId()).put("systemTitle", m.systemTitle()).put("systemVersion", m.systemVersion())
                .put("foundryVersion", m.foundryVersion()).put("online", true);
        var worldInfo = info.join();
        if (worldInfo.isObject()) body.set("worldInfo", worldInfo);

        var sceneAnswer = scene.join();
        if (sceneAnswer.has("unavailable") && worldInfo.at("/data/activeScene").isObject()) {
            body.set("activeScene", worldInfo.at("/data/activeScene"));
        } else {
            body.set("activeScene", sceneAnswer);
        }

        var combats = combat.join();
        if (combats.has("unavailable")) {
            body.set("combat", combats);
        } else {
            JsonNode current = null;
            for (var c : combats.path("encounters")) if (c.path("current").asBoolean()) current = c;
            body.set("combat", current == null ? Json.object().put("active", false) : current);
        }

        var playerAnswer = players.join();
        if (!playerAnswer.has("unavailable")) {
            body.set("players", playerAnswer);
        } else if (worldInfo.at("/data/users").isArray()) {
            var online = Json.MAPPER.createArrayNode();
            for (var u : worldInfo.at("/data/users")) if (u.path("active").asBoolean()) online.add(u);
            body.set("players", online);
        } else {
            // The player list the module reports on connecting: who exists, not who is online.
            var known = Json.MAPPER.createArrayNode();
            var users = forwarder.users(world);
            users.forEach(u -> known.addObject().put("id", u.id()).put("name", u.name()).put("role", u.role()));
            body.putObject("players").put("unavailable", playerAnswer.path("unavailable").asText())
                    .set("knownUsers", known);
        }
        return ToolResults.json(body);
    }

    // One part of the overview: the row's answer, or {"unavailable": reason}.
    private CompletableFuture<JsonNode> part(Principal principal, String messageType, ObjectNode args, String clientId) {
        var row = rows.apply(messageType);
        if (row.isEmpty()) {
            return CompletableFuture.completedFuture(Json.object().put("unavailable", "this relay has no " + messageType + " call"));
        }
        return calls.call(principal, row.get(), args, clientId).thenApply(answer -> answer.ok()
                ? answer.body()
                : Json.object().put("unavailable", answer.error()));
    }

    private RelayTool recentEvents() {
        var properties = new LinkedHashMap<String, Object>();
        properties.put("limit", Map.of("type", "integer", "minimum", 1, "maximum", MAX_EVENTS,
                "description", "how many events at most, newest first (default 20)"));
        var tool = tool("recent_events", "Recent rolls and combat changes",
                "The world's latest dice rolls and combat changes (start, turns, rounds, end), newest first, without "
                        + "subscribing. Rolls need roll:read, combat changes encounter:read. The relay records "
                        + "events while a client is subscribed to them; when it has recorded no rolls, the world's "
                        + "own list of recent rolls is given instead.",
                schema(properties));
        return new RelayTool(tool, p -> p.has(Scope.ROLL_READ) || p.has(Scope.ENCOUNTER_READ),
                "API key lacks required scope: roll:read or encounter:read", this::recent);
    }

    private McpSchema.CallToolResult recent(Principal principal, ObjectNode args, String clientId) {
        var world = forwarder.world(principal, clientId);
        int limit = args.path("limit").asInt(20);
        var channels = EnumSet.noneOf(Channel.class);
        if (principal.has(Scope.ROLL_READ)) channels.add(Channel.ROLLS);
        if (principal.has(Scope.ENCOUNTER_READ)) channels.add(Channel.COMBAT);
        var body = Json.object().put("clientId", world.clientId());
        var list = body.putArray("events");
        boolean anyRoll = false;
        var user = principal.foundryUserFor(world.clientId());
        for (var e : events.recent(world.accountId(), world.clientId(), channels, limit, user)) {
            var item = list.addObject().put("id", e.id()).put("channel", e.channel() == Channel.ROLLS ? "rolls" : "combat")
                    .put("event", e.name());
            try {
                item.set("data", Json.parse(e.data()));
            } catch (Exception unreadable) {
                item.put("data", e.data());
            }
            anyRoll |= e.channel() == Channel.ROLLS;
        }
        if (!anyRoll && channels.contains(Channel.ROLLS)) {
            var row = rows.apply("rolls");
            if (row.isPresent()) {
                var answer = calls.call(principal, row.get(), Json.object().put("limit", Math.min(limit, 20)),
                        world.clientId()).join();
                body.set("recentRolls", answer.ok() ? answer.body() : Json.object().put("unavailable", answer.error()));
            }
        }
        return ToolResults.json(body);
    }

    private static McpSchema.Tool tool(String name, String title, String description, Map<String, Object> schema) {
        return McpSchema.Tool.builder(name, schema).title(title).description(description)
                .annotations(new McpSchema.ToolAnnotations(title, true, false, true, false, null)).build();
    }

    // Every higher-level tool takes an optional clientId besides its own properties.
    private static Map<String, Object> schema(Map<String, Object> own) {
        var properties = new LinkedHashMap<String, Object>(own);
        properties.put(RouteTools.CLIENT_ID, Map.of("type", "string", "description",
                "the world (a clientId from list_worlds); may be left out when the key reaches one connected world"));
        return Map.of("type", "object", "properties", properties, "additionalProperties", false);
    }

}
