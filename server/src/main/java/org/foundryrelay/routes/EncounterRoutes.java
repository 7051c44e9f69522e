package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.BODY;
import static org.foundryrelay.routes.Param.Source.BODY_THEN_QUERY;
import static org.foundryrelay.routes.Param.Source.QUERY_THEN_BODY;
import static org.foundryrelay.routes.Param.Type.ANY;
import static org.foundryrelay.routes.Param.Type.ARRAY;
import static org.foundryrelay.routes.Param.Type.BOOLEAN;

import java.util.List;
import org.foundryrelay.auth.Scope;

/**
 * Combat: list, start, navigate, add and remove combatants, end. The encounter selector is accepted as
 * {@code encounter} or {@code encounterId} and token lists as {@code tokens} or {@code tokenUuids}; each
 * is forwarded under both names, because clients use both spellings and the module reads only one.
 */
final class EncounterRoutes {
    private EncounterRoutes() {}

    private static final String GROUP = "encounters";
    private static final Param ENCOUNTER = Param.optional("encounterId", BODY_THEN_QUERY, ANY,
            "the combat to act on; the active combat when absent").alias("encounter");

    static List<Route> all() {
        return List.of(
                Route.get("/encounters", "encounters").scope(Scope.ENCOUNTER_READ).group(GROUP)
                        .summary("List the world's combats, with the active one marked current").params(USER_ID)
                        .example("/encounters", null).build(),
                Route.post("/start-encounter", "start-encounter").scope(Scope.ENCOUNTER_MANAGE).group(GROUP)
                        .summary("Start a combat on the active scene").params(
                                Param.optional("tokenUuids", BODY, ARRAY, "token UUIDs to add as combatants").alias("tokens"),
                                Param.optional("startWithSelected", BODY, BOOLEAN, "add the tokens selected on the canvas"),
                                Param.optional("startWithPlayers", BODY, BOOLEAN, "add the player characters' tokens"),
                                Param.optional("rollNPC", BODY, BOOLEAN, "roll initiative for NPCs"),
                                Param.optional("rollAll", BODY, BOOLEAN, "roll initiative for everyone"),
                                Param.optional("name", BODY, ANY, "a name for the combat"),
                                USER_ID)
                        .example("/start-encounter", "{\"startWithPlayers\":true}").build(),
                navigation("/next-turn", "next-turn", "Advance to the next turn"),
                navigation("/next-round", "next-round", "Advance to the next round"),
                navigation("/last-turn", "last-turn", "Go back one turn"),
                navigation("/last-round", "last-round", "Go back one round"),
                Route.post("/end-encounter", "end-encounter").scope(Scope.ENCOUNTER_MANAGE).group(GROUP)
                        .summary("End (delete) the combat").params(ENCOUNTER, USER_ID).destructive()
                        .example("/end-encounter", "{}").build(),
                Route.post("/add-to-encounter", "add-to-encounter").scope(Scope.ENCOUNTER_MANAGE).group(GROUP)
                        .summary("Add tokens to a combat").params(
                                ENCOUNTER,
                                Param.optional("selected", QUERY_THEN_BODY, BOOLEAN, "add the tokens selected on the canvas"),
                                Param.optional("uuids", BODY, ARRAY, "token UUIDs to add"),
                                Param.optional("rollInitiative", BODY, BOOLEAN, "roll initiative for the added combatants"),
                                USER_ID)
                        .example("/add-to-encounter", "{\"uuids\":[\"Scene.Z01BZGaG7yOh3FZ9.Token.lRRLiiRejeKx0gbV\"]}").build(),
                Route.post("/remove-from-encounter", "remove-from-encounter").scope(Scope.ENCOUNTER_MANAGE).group(GROUP)
                        .summary("Remove tokens from a combat").params(
                                ENCOUNTER,
                                Param.optional("selected", QUERY_THEN_BODY, BOOLEAN, "remove the tokens selected on the canvas"),
                                Param.optional("uuids", BODY, ARRAY, "token UUIDs to remove"),
                                USER_ID)
                        .example("/remove-from-encounter", "{\"uuids\":[\"Scene.Z01BZGaG7yOh3FZ9.Token.42ldGDinouxZjugn\"]}").build());
    }

    private static Route navigation(String path, String type, String summary) {
        return Route.post(path, type).scope(Scope.ENCOUNTER_MANAGE).group(GROUP).summary(summary)
                .params(ENCOUNTER, USER_ID).example(path, "{}").build();
    }
}
