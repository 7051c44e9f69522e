package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.BODY;
import static org.foundryrelay.routes.Param.Source.BODY_THEN_QUERY;
import static org.foundryrelay.routes.Param.Source.QUERY;
import static org.foundryrelay.routes.Param.Type.ARRAY;
import static org.foundryrelay.routes.Param.Type.BOOLEAN;
import static org.foundryrelay.routes.Param.Type.NUMBER;
import static org.foundryrelay.routes.Param.Type.OBJECT;
import static org.foundryrelay.routes.Param.Type.STRING;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.json.Json;

/**
 * The canvas: the nine kinds of documents placed on a scene, moving tokens and measuring distances. The
 * path's {@code documentType} is checked here and sent on with the Foundry class name the module needs.
 */
final class CanvasRoutes {
    private CanvasRoutes() {}

    private static final String GROUP = "canvas";
    private static final Duration SLOW = Duration.ofSeconds(30);
    private static final String TOKEN = "42ldGDinouxZjugn";

    /** Path value → Foundry class, in the order the error lists them. */
    static final Map<String, String> CLASS_NAMES = classNames();

    private static Map<String, String> classNames() {
        var m = new LinkedHashMap<String, String>();
        m.put("tokens", "Token");
        m.put("tiles", "Tile");
        m.put("drawings", "Drawing");
        m.put("lights", "AmbientLight");
        m.put("sounds", "AmbientSound");
        m.put("notes", "Note");
        m.put("templates", "MeasuredTemplate");
        m.put("walls", "Wall");
        m.put("regions", "Region");
        return java.util.Collections.unmodifiableMap(m);
    }

    private static final Param TYPE = Param.path("documentType", "tokens, tiles, drawings, lights, sounds, notes, templates, walls or regions");

    /** Refuses an unknown document type with the valid ones listed; adds {@code className}. */
    static final Rule DOCUMENT_TYPE = (payload, principal) -> {
        var type = payload.path("documentType").asText();
        var className = CLASS_NAMES.get(type);
        if (className == null) {
            var body = Json.error("Invalid documentType. Must be one of: " + String.join(", ", CLASS_NAMES.keySet()));
            var valid = body.putArray("validTypes");
            CLASS_NAMES.keySet().forEach(valid::add);
            throw new CallRefused(CallRefused.Reason.INVALID, body);
        }
        payload.put("className", className);
    };

    static List<Route> all() {
        return List.of(
                Route.get("/canvas/{documentType}", "get-canvas-documents").scope(Scope.CANVAS_READ).group(GROUP)
                        .summary("The scene's documents of one type, or one of them").params(TYPE,
                                Param.optional("sceneId", QUERY, STRING, "the scene; the active one when absent"),
                                Param.optional("documentId", QUERY, STRING, "just this document"),
                                USER_ID)
                        .rule(DOCUMENT_TYPE).example("/canvas/lights", null).build(),
                Route.post("/canvas/{documentType}", "create-canvas-document").scope(Scope.CANVAS_WRITE).group(GROUP)
                        .timeout(SLOW).summary("Place a document on a scene").params(TYPE,
                                Param.required("data", BODY, OBJECT, "the document's data, e.g. a token's name, x and y"),
                                Param.optional("sceneId", BODY_THEN_QUERY, STRING, "the scene; the active one when absent"),
                                USER_ID)
                        .rule(DOCUMENT_TYPE)
                        .example("/canvas/notes", "{\"data\":{\"x\":700,\"y\":300,\"text\":\"Secret door\"}}").build(),
                Route.put("/canvas/{documentType}", "update-canvas-document").scope(Scope.CANVAS_WRITE).group(GROUP)
                        .timeout(SLOW).summary("Change a document on a scene; data is merged into it").params(TYPE,
                                Param.required("documentId", BODY_THEN_QUERY, STRING, "the document's id"),
                                Param.required("data", BODY, OBJECT, "changes to merge"),
                                Param.optional("sceneId", BODY_THEN_QUERY, STRING, "the scene; the active one when absent"),
                                USER_ID)
                        .rule(DOCUMENT_TYPE)
                        .example("/canvas/lights", "{\"documentId\":\"lIgHtBrAzIeR0001\",\"data\":{\"config\":{\"dim\":40}}}").build(),
                Route.delete("/canvas/{documentType}", "delete-canvas-document").scope(Scope.CANVAS_WRITE).group(GROUP)
                        .summary("Remove a document from a scene").params(TYPE,
                                Param.required("documentId", QUERY, STRING, "the document's id"),
                                Param.optional("sceneId", QUERY, STRING, "the scene; the active one when absent"),
                                USER_ID)
                        .rule(DOCUMENT_TYPE).example("/canvas/templates?documentId=tEmPlAtEcOnE0001", null).build(),
                Route.post("/move-token", "move-token").scope(Scope.CANVAS_WRITE).group(GROUP)
                        .summary("Move a token (GM only), optionally through waypoints").params(
                                Param.required("x", BODY_THEN_QUERY, NUMBER, "destination x in pixels"),
                                Param.required("y", BODY_THEN_QUERY, NUMBER, "destination y in pixels"),
                                Param.optional("uuid", BODY_THEN_QUERY, STRING, "the token's UUID, or an actor's (its first token on the scene)"),
                                Param.optional("name", BODY_THEN_QUERY, STRING, "the token's name (any case)"),
                                Param.optional("waypoints", BODY_THEN_QUERY, ARRAY, "points to pass through, each {x, y}"),
                                Param.optional("animate", BODY_THEN_QUERY, BOOLEAN, "animate the movement (default true)"),
                                Param.optional("sceneId", BODY_THEN_QUERY, STRING, "the scene; the active one when absent"),
                                USER_ID)
                        .example("/move-token", "{\"uuid\":\"Scene." + SceneRoutes.EXAMPLE_SCENE + ".Token." + TOKEN + "\",\"x\":800,\"y\":500}").build(),
                Route.get("/measure-distance", "measure-distance").scope(Scope.CANVAS_READ).group(GROUP)
                        .summary("Distance between two points or tokens, in the scene's grid units").params(
                                Param.optional("originX", QUERY, NUMBER, "origin x in pixels"),
                                Param.optional("originY", QUERY, NUMBER, "origin y in pixels"),
                                Param.optional("originUuid", QUERY, STRING, "origin token UUID"),
                                Param.optional("originName", QUERY, STRING, "origin token name"),
                                Param.optional("targetX", QUERY, NUMBER, "target x in pixels"),
                                Param.optional("targetY", QUERY, NUMBER, "target y in pixels"),
                                Param.optional("targetUuid", QUERY, STRING, "target token UUID"),
                                Param.optional("targetName", QUERY, STRING, "target token name"),
                                Param.optional("sceneId", QUERY, STRING, "the scene; the active one when absent"),
                                USER_ID)
                        .example("/measure-distance?originName=Aria%20Windrunner&targetName=Goblin%20Boss", null).build());
    }
}
