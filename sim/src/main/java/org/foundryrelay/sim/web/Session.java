package org.foundryrelay.sim.web;

import java.time.Instant;
import org.foundryrelay.sim.world.Fixture;

/**
 * A logged-in browser: the {@code session} cookie's value and the world user it belongs to. A session
 * only counts while its world is the running one.
 *
 * @param id       the cookie value (24 hex digits, like Foundry's)
 * @param worldId  the world the user joined
 * @param userId   the Foundry user id
 * @param userName the user's name
 * @param role     Foundry's numeric user role (4 = Gamemaster)
 * @param created  when the join succeeded
 */
public record Session(String id, String worldId, String userId, String userName, int role, Instant created) {

    /** The module connects only for a full Gamemaster; assistants and players get no relay link. */
    public boolean isFullGm() {
        return role == Fixture.ROLE_GAMEMASTER;
    }
}
