package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.BODY_THEN_QUERY;
import static org.foundryrelay.routes.Param.Source.QUERY;
import static org.foundryrelay.routes.Param.Type.ANY;
import static org.foundryrelay.routes.Param.Type.OBJECT;
import static org.foundryrelay.routes.Param.Type.STRING;

import java.util.List;
import org.foundryrelay.auth.Scope;

/** Active effects on actors, and the world's status-effect catalogue. */
final class EffectRoutes {
    private EffectRoutes() {}

    private static final String GROUP = "effects";
    private static final Param UUID = Param.required("uuid", BODY_THEN_QUERY, ANY, "the actor's (or a token's) UUID");

    static List<Route> all() {
        return List.of(
                Route.get("/effects", "get-effects").scope(Scope.EFFECTS_READ).group(GROUP).summary("An actor's active effects")
                        .params(Param.required("uuid", QUERY, STRING, "the actor's (or a token's) UUID"), USER_ID)
                        .example("/effects?uuid=Actor.kHvRwMzzuVtYkwMJ", null).build(),
                Route.get("/effects/list", "get-status-effects").scope(Scope.EFFECTS_READ).group(GROUP)
                        .summary("The status effects that can be applied by id").params(USER_ID)
                        .example("/effects/list", null).build(),
                Route.post("/effects", "add-effect").scope(Scope.EFFECTS_WRITE).group(GROUP)
                        .summary("Apply a status effect, or a custom effect, to an actor; needs OWNER").params(UUID,
                                Param.optional("statusId", BODY_THEN_QUERY, ANY, "a status from /effects/list, e.g. prone"),
                                Param.optional("effectData", BODY_THEN_QUERY, OBJECT, "or a custom effect's data"), USER_ID)
                        .example("/effects", "{\"uuid\":\"Actor.kHvRwMzzuVtYkwMJ\",\"statusId\":\"prone\"}").build(),
                Route.delete("/effects", "remove-effect").scope(Scope.EFFECTS_WRITE).group(GROUP)
                        .summary("Remove an effect by id, or a status, from an actor; needs OWNER").params(UUID,
                                Param.optional("effectId", BODY_THEN_QUERY, ANY, "the effect's id"),
                                Param.optional("statusId", BODY_THEN_QUERY, ANY, "or the status to remove"), USER_ID)
                        .example("/effects?uuid=Actor.kHvRwMzzuVtYkwMJ&effectId=Ef1Bl3sS8kQ2mNxV", null).build());
    }
}
