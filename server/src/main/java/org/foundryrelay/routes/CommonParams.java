package org.foundryrelay.routes;

import static org.foundryrelay.routes.Param.Source.QUERY_THEN_BODY;
import static org.foundryrelay.routes.Param.Type.STRING;

/** Parameters many rows share. */
final class CommonParams {
    private CommonParams() {}

    /** The Foundry user to act as; every forwarded row takes it. */
    static final Param USER_ID = Param.optional("userId", QUERY_THEN_BODY, STRING,
            "Foundry user (id or name) to act as; replaced by the key's bound user when it has one");
}
