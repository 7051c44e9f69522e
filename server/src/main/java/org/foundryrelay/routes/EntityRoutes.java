package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.BODY;
import static org.foundryrelay.routes.Param.Source.BODY_THEN_QUERY;
import static org.foundryrelay.routes.Param.Source.QUERY;
import static org.foundryrelay.routes.Param.Source.QUERY_THEN_BODY;
import static org.foundryrelay.routes.Param.Type.ANY;
import static org.foundryrelay.routes.Param.Type.BOOLEAN;
import static org.foundryrelay.routes.Param.Type.NUMBER;
import static org.foundryrelay.routes.Param.Type.OBJECT;
import static org.foundryrelay.routes.Param.Type.STRING;

import java.util.List;
import org.foundryrelay.auth.Scope;

/**
 * Documents by UUID: read, create, update, delete, move items between actors, change numeric attributes,
 * mark as defeated. {@code uuid} on the write rows is read from the query, as upstream clients send it.
 */
final class EntityRoutes {
    private EntityRoutes() {}

    private static final String GROUP = "entities";
    private static final String ARIA = "Actor.kHvRwMzzuVtYkwMJ";
    private static final Param UUID = Param.optional("uuid", QUERY, STRING, "the document's UUID, e.g. Actor.kHvRwMzzuVtYkwMJ");
    private static final Param SELECTED = Param.optional("selected", QUERY_THEN_BODY, BOOLEAN,
            "act on the tokens the GM has selected on the canvas instead of a UUID");
    private static final Param ACTOR = Param.optional("actor", QUERY, BOOLEAN, "with selected tokens: their actors instead");

    static List<Route> all() {
        return List.of(
                Route.get("/get", "entity").scope(Scope.ENTITY_READ).group(GROUP)
                        .summary("Read a document (full data from OBSERVER, a stub at LIMITED, nothing below)")
                        .params(UUID, SELECTED, ACTOR, USER_ID).example("/get?uuid=" + ARIA, null).build(),
                Route.post("/create", "create").scope(Scope.ENTITY_WRITE).group(GROUP)
                        .summary("Create a world document (Actor, Item, JournalEntry, Macro, Playlist, Scene, ...)").params(
                                Param.required("entityType", BODY, STRING, "the document type, e.g. Actor"),
                                Param.required("data", BODY, OBJECT, "the document's data"),
                                Param.optional("folder", BODY, STRING, "id of the folder to put it in"),
                                Param.optional("keepId", BODY_THEN_QUERY, BOOLEAN, "keep data._id instead of a new id"),
                                Param.optional("override", BODY_THEN_QUERY, BOOLEAN, "with keepId: replace an existing document"),
                                USER_ID)
                        .rule(EntityRoutes::macroCreation)
                        .example("/create", "{\"entityType\":\"Actor\",\"data\":{\"name\":\"Sildar Hallwinter\",\"type\":\"npc\"}}").build(),
                Route.put("/update", "update").scope(Scope.ENTITY_WRITE).group(GROUP)
                        .summary("Change a document (dotted keys such as system.attributes.hp.value are paths); needs OWNER")
                        .params(Param.required("data", BODY, OBJECT, "the changes"), UUID, SELECTED, ACTOR, USER_ID)
                        .example("/update?uuid=" + ARIA, "{\"data\":{\"name\":\"Aria the Swift\"}}").build(),
                Route.delete("/delete", "delete").scope(Scope.ENTITY_WRITE).group(GROUP)
                        .summary("Delete a document, or an embedded one such as Actor.x.Item.y; needs OWNER")
                        .params(UUID, SELECTED, USER_ID).example("/delete?uuid=JournalEntry.dLx8XuJx2bSs3iQm", null).build(),
                Route.post("/give", "give").scope(Scope.ENTITY_WRITE).group(GROUP)
                        .summary("Move an item (or some of its quantity) from one actor to another").params(
                                Param.optional("fromUuid", BODY, ANY, "the actor giving; the item's owner when absent"),
                                Param.optional("toUuid", BODY, ANY, "the actor receiving"),
                                SELECTED.withDescription("give to the first selected token's actor"),
                                Param.optional("itemUuid", BODY, ANY, "the item, e.g. Actor.x.Item.y"),
                                Param.optional("itemName", BODY, ANY, "or the item's name on the giving actor"),
                                Param.optional("quantity", BODY, NUMBER, "how many (default 1)"), USER_ID)
                        .example("/give", "{\"fromUuid\":\"" + ARIA + "\",\"toUuid\":\"Actor.FrCfZ4U2EqkNk6sE\",\"itemName\":\"Potion of Healing\",\"quantity\":1}")
                        .build(),
                Route.post("/remove", "remove").scope(Scope.ENTITY_WRITE).group(GROUP)
                        .summary("Remove an item (or some of its quantity) from an actor").params(
                                Param.optional("actorUuid", BODY, ANY, "the actor"),
                                SELECTED.withDescription("the first selected token's actor"),
                                Param.optional("itemUuid", BODY, ANY, "the item"),
                                Param.optional("itemName", BODY, ANY, "or the item's name"),
                                Param.optional("quantity", BODY, NUMBER, "how many; the whole item when absent"), USER_ID)
                        .example("/remove", "{\"actorUuid\":\"" + ARIA + "\",\"itemName\":\"Hempen Rope\"}").build(),
                attribute("/decrease", "decrease", "Subtract from a numeric attribute"),
                attribute("/increase", "increase", "Add to a numeric attribute"),
                Route.post("/kill", "kill").scope(Scope.ENTITY_WRITE).group(GROUP)
                        .summary("Mark a token or actor as defeated: HP to 0 and the dead status").params(UUID, SELECTED, USER_ID)
                        .destructive().example("/kill?uuid=Actor.r6f4gUy0BQ8DEoFo", null).build());
    }

    private static Route attribute(String path, String type, String summary) {
        return Route.post(path, type).scope(Scope.ENTITY_WRITE).group(GROUP).summary(summary + "; needs OWNER").params(
                        Param.required("attribute", BODY, STRING, "the path, e.g. system.attributes.hp.value"),
                        Param.required("amount", BODY, NUMBER, "how much"), UUID, SELECTED, USER_ID)
                .example(path + "?uuid=" + ARIA, "{\"attribute\":\"system.attributes.hp.value\",\"amount\":2}").build();
    }

    // A script macro is code: creating one also needs macro:write, and its command passes the execute-js screen.
    private static void macroCreation(com.fasterxml.jackson.databind.node.ObjectNode payload, org.foundryrelay.auth.Principal principal) {
        if (!"Macro".equals(payload.path("entityType").asText())) return;
        if (!principal.has(Scope.MACRO_WRITE)) throw CallRefused.invalid("macro:write scope is required to create macros");
        var command = payload.path("data").path("command");
        if (command.isTextual() && Scripts.forbidden(command.textValue())) throw CallRefused.invalid(Scripts.FORBIDDEN);
    }
}
