package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.BODY;
import static org.foundryrelay.routes.Param.Type.ANY;
import static org.foundryrelay.routes.Param.Type.ARRAY;
import static org.foundryrelay.routes.Param.Type.BOOLEAN;
import static org.foundryrelay.routes.Param.Type.OBJECT;

import java.util.List;
import org.foundryrelay.auth.Scope;

/**
 * The GM's token selection on the active scene. {@code data} is forwarded only when the caller gives it: an
 * empty {@code data} matches every token, so adding one by default would select them all.
 */
final class SelectionRoutes {
    private SelectionRoutes() {}

    private static final String GROUP = "selection";

    static List<Route> all() {
        return List.of(
                Route.post("/select", "select").scope(Scope.ENTITY_READ).group(GROUP)
                        .summary("Select tokens on the active scene (GM only)").params(
                                Param.optional("uuids", BODY, ARRAY, "token UUIDs"),
                                Param.optional("name", BODY, ANY, "tokens with this name (any case)"),
                                Param.optional("data", BODY, OBJECT,
                                        "tokens whose data has these values; actor.<path> keys test the token's actor"),
                                Param.optional("overwrite", BODY, BOOLEAN, "release the current selection first"),
                                Param.optional("all", BODY, BOOLEAN, "every token"),
                                USER_ID)
                        .rule(Rule.atLeastOne("At least one of 'uuids', 'name', 'data', or 'all' is required", "uuids", "name", "data", "all"))
                        .example("/select", "{\"name\":\"Goblin Archer\",\"overwrite\":true}").build(),
                Route.get("/selected", "selected").scope(Scope.ENTITY_READ).group(GROUP)
                        .summary("The tokens selected on the active scene, with their actors (GM only)")
                        .params(USER_ID).example("/selected", null).build());
    }
}
