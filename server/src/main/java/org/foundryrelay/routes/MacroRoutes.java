package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.BODY;
import static org.foundryrelay.routes.Param.Type.OBJECT;

import java.util.List;
import org.foundryrelay.auth.Scope;

/** Macros: list them, run one with arguments (when the world's module settings allow it). */
final class MacroRoutes {
    private MacroRoutes() {}

    private static final String GROUP = "macros";

    static List<Route> all() {
        return List.of(
                Route.get("/macros", "macros").scope(Scope.MACRO_LIST).group(GROUP)
                        .summary("The world's macros (a player sees those it has at least LIMITED on)").params(USER_ID)
                        .example("/macros", null).build(),
                Route.post("/macro/{uuid}/execute", "macro-execute").scope(Scope.MACRO_EXECUTE).group(GROUP)
                        .summary("Run a macro; a script macro sees the arguments as args and its return value is the result")
                        .params(Param.path("uuid", "the macro's UUID, e.g. Macro.Mg4Rt8Wq2Zx6Nc1P"),
                                Param.optional("args", BODY, OBJECT, "arguments for the script"), USER_ID)
                        .example("/macro/Macro.Mg4Rt8Wq2Zx6Nc1P/execute", "{\"args\":{\"name\":\"Sildar\"}}").build());
    }
}
