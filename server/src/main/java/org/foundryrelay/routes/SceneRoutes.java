package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.BODY;
import static org.foundryrelay.routes.Param.Source.BODY_THEN_QUERY;
import static org.foundryrelay.routes.Param.Source.QUERY;
import static org.foundryrelay.routes.Param.Type.BOOLEAN;
import static org.foundryrelay.routes.Param.Type.OBJECT;
import static org.foundryrelay.routes.Param.Type.STRING;

import java.time.Duration;
import java.util.List;
import org.foundryrelay.auth.Scope;

/** Scenes: read, create, update, delete, and switch the active scene. */
final class SceneRoutes {
    private SceneRoutes() {}

    private static final String GROUP = "scenes";
    private static final Duration SLOW = Duration.ofSeconds(30);
    /** The bundled world's active scene, for examples. */
    static final String EXAMPLE_SCENE = "Z01BZGaG7yOh3FZ9";

    static List<Route> all() {
        return List.of(
                Route.get("/scene", "get-scene").scope(Scope.SCENE_READ).group(GROUP)
                        .summary("One scene (by id, exact name, the active or the viewed one), or all scenes").params(
                                Param.optional("sceneId", QUERY, STRING, "the scene's id"),
                                Param.optional("name", QUERY, STRING, "the scene's exact name"),
                                Param.optional("active", QUERY, BOOLEAN, "the active scene"),
                                Param.optional("viewed", QUERY, BOOLEAN, "the scene the GM views"),
                                Param.optional("all", QUERY, BOOLEAN, "every scene the user may see"),
                                USER_ID)
                        .rule(Rule.atLeastOne("At least one of 'sceneId', 'name', 'active', 'viewed', or 'all' is required",
                                "sceneId", "name", "active", "viewed", "all"))
                        .example("/scene?active=true", null).build(),
                Route.post("/scene", "create-scene").scope(Scope.SCENE_WRITE).group(GROUP).timeout(SLOW)
                        .summary("Create a scene from Foundry scene data (at least a name)").params(
                                Param.required("data", BODY, OBJECT, "scene data, e.g. {\"name\":\"Tavern\",\"width\":2000}"),
                                USER_ID)
                        .example("/scene", "{\"data\":{\"name\":\"Phandalin Square\",\"width\":2000,\"height\":1500}}").build(),
                Route.put("/scene", "update-scene").scope(Scope.SCENE_WRITE).group(GROUP).timeout(SLOW)
                        .summary("Update a scene; data is merged into it").params(
                                Param.required("data", BODY, OBJECT, "changes to merge, e.g. {\"darkness\":0.5}"),
                                Param.optional("sceneId", BODY_THEN_QUERY, STRING, "the scene's id"),
                                Param.optional("name", BODY_THEN_QUERY, STRING, "the scene's exact name"),
                                Param.optional("active", BODY_THEN_QUERY, BOOLEAN, "the active scene"),
                                USER_ID)
                        .rule(Rule.atLeastOne("At least one of 'sceneId', 'name', or 'active' is required", "sceneId", "name", "active"))
                        .example("/scene?sceneId=" + EXAMPLE_SCENE, "{\"data\":{\"darkness\":0.25}}").build(),
                Route.post("/switch-scene", "switch-scene").scope(Scope.SCENE_WRITE).group(GROUP).timeout(SLOW)
                        .summary("Activate a scene (GM only)").params(
                                Param.optional("sceneId", BODY_THEN_QUERY, STRING, "the scene's id"),
                                Param.optional("name", BODY_THEN_QUERY, STRING, "the scene's exact name"),
                                USER_ID)
                        .rule(Rule.atLeastOne("At least one of 'sceneId' or 'name' is required", "sceneId", "name"))
                        .example("/switch-scene", "{\"name\":\"Triboar Trail\"}").build(),
                Route.delete("/scene", "delete-scene").scope(Scope.SCENE_WRITE).group(GROUP)
                        .summary("Delete a scene").params(
                                Param.optional("sceneId", QUERY, STRING, "the scene's id"),
                                Param.optional("name", QUERY, STRING, "the scene's exact name"),
                                USER_ID)
                        .rule(Rule.atLeastOne("At least one of 'sceneId' or 'name' is required", "sceneId", "name"))
                        .example("/scene?name=Triboar%20Trail", null).build());
    }
}
