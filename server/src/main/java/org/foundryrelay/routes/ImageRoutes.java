package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.BODY_THEN_QUERY;
import static org.foundryrelay.routes.Param.Source.QUERY;
import static org.foundryrelay.routes.Param.Type.BOOLEAN;
import static org.foundryrelay.routes.Param.Type.NUMBER;
import static org.foundryrelay.routes.Param.Type.STRING;

import java.time.Duration;
import java.util.List;
import org.foundryrelay.auth.Scope;

/** Pictures of the world: the viewed scene, a scene's background, an actor's sheet. */
final class ImageRoutes {
    private ImageRoutes() {}

    private static final String GROUP = "images";

    /** {@code format} is png (the default) or jpeg. */
    private static final Rule FORMAT = (payload, principal) -> {
        var format = payload.path("format").asText("png");
        if (!format.equals("png") && !format.equals("jpeg")) throw CallRefused.invalid("'format' must be png or jpeg");
        payload.put("format", format);
    };

    private static final Param FORMAT_PARAM = Param.optional("format", QUERY, STRING, "png (default) or jpeg");
    private static final Param QUALITY = Param.optional("quality", QUERY, NUMBER, "JPEG quality from 0 to 1 (0.9)");

    static List<Route> all() {
        return List.of(
                Route.get("/scene/image", "scene-screenshot").scope(Scope.SCENE_READ).group(GROUP)
                        .timeout(Duration.ofSeconds(30)).reply(Route.ReplyKind.IMAGE)
                        .summary("A screenshot of the viewed scene, as image bytes").params(
                                Param.optional("sceneId", QUERY, STRING, "the scene; it must be the viewed one"),
                                Param.optional("active", QUERY, BOOLEAN, "the active scene"),
                                FORMAT_PARAM, QUALITY,
                                Param.optional("viewport", QUERY, BOOLEAN, "only what the GM's view shows"),
                                Param.optional("width", QUERY, NUMBER, "width in pixels"),
                                Param.optional("height", QUERY, NUMBER, "height in pixels"),
                                Param.optional("showGrid", QUERY, BOOLEAN, "draw the grid (default true)"),
                                Param.optional("hideOverlays", QUERY, BOOLEAN, "leave out tokens and other overlays"),
                                USER_ID)
                        .rule(FORMAT).example("/scene/image?width=600&height=400", null).build(),
                Route.get("/scene/image/raw", "scene-raw-image").scope(Scope.SCENE_READ).group(GROUP)
                        .timeout(Duration.ofSeconds(30))
                        .summary("A scene's background image as a data URL in JSON").params(
                                Param.optional("sceneId", BODY_THEN_QUERY, STRING, "the scene; the viewed one when absent"),
                                Param.optional("active", BODY_THEN_QUERY, BOOLEAN, "the active scene"),
                                USER_ID)
                        .example("/scene/image/raw", null).build(),
                Route.get("/sheet", "sheet-screenshot").scope(Scope.SHEET_READ).group(GROUP)
                        .timeout(Duration.ofSeconds(20)).reply(Route.ReplyKind.IMAGE)
                        .summary("A picture of an actor's sheet, as image bytes").params(
                                Param.optional("uuid", QUERY, STRING, "the actor's (or a token's) UUID"),
                                Param.optional("selected", QUERY, BOOLEAN, "the actor of the first selected token"),
                                Param.optional("actor", QUERY, BOOLEAN, "with selected: the token's actor"),
                                FORMAT_PARAM, QUALITY,
                                Param.optional("scale", QUERY, NUMBER, "size factor (1)"),
                                USER_ID)
                        .rule((payload, principal) -> {
                            if (!payload.has("uuid") && !payload.path("selected").asBoolean(false)) {
                                throw CallRefused.invalid("Either 'uuid' or 'selected' is required");
                            }
                        })
                        .rule(FORMAT).example("/sheet?uuid=Actor.kHvRwMzzuVtYkwMJ", null).build());
    }
}
