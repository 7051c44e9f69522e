package org.foundryrelay.routes;

import static org.foundryrelay.routes.Param.Source.BODY;
import static org.foundryrelay.routes.Param.Source.BODY_THEN_QUERY;
import static org.foundryrelay.routes.Param.Source.QUERY;
import static org.foundryrelay.routes.Param.Source.QUERY_THEN_BODY;
import static org.foundryrelay.routes.Param.Type.ANY;
import static org.foundryrelay.routes.Param.Type.ARRAY;
import static org.foundryrelay.routes.Param.Type.BOOLEAN;
import static org.foundryrelay.routes.Param.Type.NUMBER;
import static org.foundryrelay.routes.Param.Type.STRING;

import java.util.ArrayList;
import java.util.List;
import org.foundryrelay.auth.Scope;

/**
 * Every endpoint the relay forwards to a world, one row each. {@code clientId} (query) is implied for all
 * of them. The encounter selector is accepted as {@code encounter} or {@code encounterId} and token lists
 * as {@code tokens} or {@code tokenUuids}, and each is forwarded under both names, because clients use
 * both spellings and the module reads only one.
 */
public final class RouteTable {
    private RouteTable() {}

    private static final Param USER_ID = Param.optional("userId", QUERY_THEN_BODY, STRING,
            "Foundry user (id or name) to act as; replaced by the key's bound user when it has one");
    private static final Param ENCOUNTER = Param.optional("encounterId", BODY_THEN_QUERY, ANY,
            "the combat to act on; the active combat when absent").alias("encounter");

    public static List<Route> all() {
        var routes = new ArrayList<Route>();
        routes.add(new Route("GET", "/encounters", "encounters", Scope.ENCOUNTER_READ, List.of(USER_ID), 0,
                "encounters", "List the world's combats, with the active one marked current"));
        routes.add(new Route("POST", "/start-encounter", "start-encounter", Scope.ENCOUNTER_MANAGE, List.of(
                Param.optional("tokenUuids", BODY, ARRAY, "token UUIDs to add as combatants").alias("tokens"),
                Param.optional("startWithSelected", BODY, BOOLEAN, "add the tokens selected on the canvas"),
                Param.optional("startWithPlayers", BODY, BOOLEAN, "add the player characters' tokens"),
                Param.optional("rollNPC", BODY, BOOLEAN, "roll initiative for NPCs"),
                Param.optional("rollAll", BODY, BOOLEAN, "roll initiative for everyone"),
                Param.optional("name", BODY, ANY, "a name for the combat"),
                USER_ID), 0, "encounters", "Start a combat on the active scene"));
        for (var nav : List.of(
                new String[] {"next-turn", "Advance to the next turn"},
                new String[] {"next-round", "Advance to the next round"},
                new String[] {"last-turn", "Go back one turn"},
                new String[] {"last-round", "Go back one round"},
                new String[] {"end-encounter", "End (delete) the combat"})) {
            routes.add(new Route("POST", "/" + nav[0], nav[0], Scope.ENCOUNTER_MANAGE, List.of(ENCOUNTER, USER_ID), 0,
                    "encounters", nav[1]));
        }
        routes.add(new Route("POST", "/add-to-encounter", "add-to-encounter", Scope.ENCOUNTER_MANAGE, List.of(
                ENCOUNTER,
                Param.optional("selected", QUERY_THEN_BODY, BOOLEAN, "add the tokens selected on the canvas"),
                Param.optional("uuids", BODY, ARRAY, "token UUIDs to add"),
                Param.optional("rollInitiative", BODY, BOOLEAN, "roll initiative for the added combatants"),
                USER_ID), 0, "encounters", "Add tokens to a combat"));
        routes.add(new Route("POST", "/remove-from-encounter", "remove-from-encounter", Scope.ENCOUNTER_MANAGE, List.of(
                ENCOUNTER,
                Param.optional("selected", QUERY_THEN_BODY, BOOLEAN, "remove the tokens selected on the canvas"),
                Param.optional("uuids", BODY, ARRAY, "token UUIDs to remove"),
                USER_ID), 0, "encounters", "Remove tokens from a combat"));
        routes.add(new Route("GET", "/rolls", "rolls", Scope.ROLL_READ, List.of(
                Param.optional("limit", QUERY, NUMBER, "how many recent rolls (at most 20)"), USER_ID), 0,
                "rolls", "Recent rolls, newest first"));
        routes.add(new Route("GET", "/lastroll", "last-roll", Scope.ROLL_READ, List.of(USER_ID), 0,
                "rolls", "The most recent roll, or null"));
        routes.add(new Route("POST", "/roll", "roll", Scope.ROLL_EXECUTE, List.of(
                Param.required("formula", BODY, STRING, "a Foundry dice formula, e.g. 2d20kh+5"),
                Param.optional("flavor", BODY, ANY, "text shown with the roll"),
                Param.optional("createChatMessage", BODY, BOOLEAN, "post the roll to the chat log"),
                Param.optional("speaker", BODY, ANY, "actor or token UUID to speak as"),
                Param.optional("whisper", BODY, ARRAY, "user ids to whisper the roll to"),
                USER_ID), 0, "rolls", "Roll dice in the world"));
        return List.copyOf(routes);
    }
}
