package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.BODY;
import static org.foundryrelay.routes.Param.Source.QUERY;
import static org.foundryrelay.routes.Param.Type.ANY;
import static org.foundryrelay.routes.Param.Type.ARRAY;
import static org.foundryrelay.routes.Param.Type.BOOLEAN;
import static org.foundryrelay.routes.Param.Type.NUMBER;
import static org.foundryrelay.routes.Param.Type.STRING;

import java.util.List;
import org.foundryrelay.auth.Scope;

/** Dice: recent rolls, the last roll, and rolling a formula. */
final class RollRoutes {
    private RollRoutes() {}

    private static final String GROUP = "rolls";

    static List<Route> all() {
        return List.of(
                Route.get("/rolls", "rolls").scope(Scope.ROLL_READ).group(GROUP).summary("Recent rolls, newest first")
                        .params(Param.optional("limit", QUERY, NUMBER, "how many recent rolls (at most 20)"), USER_ID)
                        .example("/rolls?limit=5", null).build(),
                Route.get("/lastroll", "last-roll").scope(Scope.ROLL_READ).group(GROUP)
                        .summary("The most recent roll, or null").params(USER_ID).example("/lastroll", null).build(),
                Route.post("/roll", "roll").scope(Scope.ROLL_EXECUTE).group(GROUP).summary("Roll dice in the world").params(
                        Param.required("formula", BODY, STRING, "a Foundry dice formula, e.g. 2d20kh+5"),
                        Param.optional("flavor", BODY, ANY, "text shown with the roll"),
                        Param.optional("createChatMessage", BODY, BOOLEAN, "post the roll to the chat log"),
                        Param.optional("speaker", BODY, ANY, "actor or token UUID to speak as"),
                        Param.optional("whisper", BODY, ARRAY, "user ids to whisper the roll to"),
                        USER_ID)
                .example("/roll", "{\"formula\":\"2d20kh+5\",\"flavor\":\"Attack\"}").build());
    }
}
