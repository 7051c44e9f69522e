package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.BODY;
import static org.foundryrelay.routes.Param.Source.BODY_THEN_QUERY;
import static org.foundryrelay.routes.Param.Source.QUERY;
import static org.foundryrelay.routes.Param.Type.ANY;
import static org.foundryrelay.routes.Param.Type.NUMBER;
import static org.foundryrelay.routes.Param.Type.OBJECT;
import static org.foundryrelay.routes.Param.Type.STRING;

import java.util.List;
import org.foundryrelay.auth.Scope;

/** The world's users (GM only) and its players. */
final class UserRoutes {
    private UserRoutes() {}

    private static final String GROUP = "users";
    private static final String ID_OR_NAME = "At least one of 'id' or 'name' is required";

    static List<Route> all() {
        return List.of(
                Route.get("/users", "get-users").scope(Scope.USER_READ).group(GROUP).summary("Every user of the world (GM only)")
                        .params(USER_ID).example("/users", null).build(),
                Route.get("/user", "get-user").scope(Scope.USER_READ).group(GROUP).summary("One user by id or name (GM only)")
                        .params(Param.optional("id", QUERY, STRING, "the user's id"),
                                Param.optional("name", QUERY, STRING, "or the user's name (any case)"), USER_ID)
                        .rule(Rule.atLeastOne(ID_OR_NAME, "id", "name")).example("/user?name=Alice", null).build(),
                Route.post("/user", "create-user").scope(Scope.USER_WRITE).group(GROUP).summary("Create a user (GM only)").params(
                                Param.required("name", BODY, STRING, "the new user's name"),
                                Param.optional("role", BODY, NUMBER, "0 none, 1 player (default), 2 trusted, 3 assistant, 4 GM"),
                                Param.optional("password", BODY, STRING, "the user's password"),
                                Param.optional("character", BODY, STRING, "id of the actor the user plays"),
                                USER_ID)
                        .example("/user", "{\"name\":\"Carol\",\"role\":2}").build(),
                Route.put("/user", "update-user").scope(Scope.USER_WRITE).group(GROUP)
                        .summary("Change a user's name, role, password, color, avatar or character (GM only)").params(
                                Param.required("data", BODY, OBJECT, "the changes"),
                                Param.optional("id", BODY_THEN_QUERY, ANY, "the user's id"),
                                Param.optional("name", BODY_THEN_QUERY, ANY, "or the user's name"), USER_ID)
                        .rule(Rule.atLeastOne(ID_OR_NAME, "id", "name"))
                        .example("/user?name=Bob", "{\"data\":{\"role\":2,\"color\":\"#33aa33\"}}").build(),
                Route.delete("/user", "delete-user").scope(Scope.USER_WRITE).group(GROUP).summary("Delete a user (GM only)")
                        .params(Param.optional("id", QUERY, STRING, "the user's id"),
                                Param.optional("name", QUERY, STRING, "or the user's name"), USER_ID)
                        .rule(Rule.atLeastOne(ID_OR_NAME, "id", "name")).example("/user?name=Bob", null).build(),
                Route.get("/players", "players").scope(Scope.ENTITY_READ).group(GROUP)
                        .summary("The world's users with role and GM flag (empty for a non-GM caller)")
                        .params(USER_ID).example("/players", null).build());
    }
}
