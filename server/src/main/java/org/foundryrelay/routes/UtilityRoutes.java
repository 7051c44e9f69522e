package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.BODY;
import static org.foundryrelay.routes.Param.Type.ANY;

import java.time.Duration;
import java.util.List;
import org.foundryrelay.auth.Scope;

/** Running JavaScript in the world (when its module settings allow it), and what the world is. */
final class UtilityRoutes {
    private UtilityRoutes() {}

    private static final String GROUP = "utility";

    static List<Route> all() {
        return List.of(
                Route.post("/execute-js", "execute-js").scope(Scope.EXECUTE_JS).group(GROUP)
                        .summary("Run JavaScript in the GM's browser; the body of a function, so return a value")
                        .params(Param.optional("script", BODY, ANY, "the script"), USER_ID)
                        .timeout(Duration.ofSeconds(20))
                        .rule((payload, principal) -> {
                            var script = payload.get("script");
                            if (script != null && script.isTextual() && Scripts.forbidden(script.textValue())) {
                                throw CallRefused.invalid(Scripts.FORBIDDEN);
                            }
                        })
                        .example("/execute-js", "{\"script\":\"return game.actors.contents.map(a => a.name);\"}").build(),
                Route.get("/world-info", "world-info").scope(Scope.WORLD_INFO).group(GROUP)
                        .summary("The world, its system, Foundry version, modules, users and active scene")
                        .params(USER_ID).example("/world-info", null).build());
    }
}
