package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.foundryrelay.sim.world.Fixture.User;

/**
 * Who a request acts as, from its {@code userId} field, resolved the way the module's
 * {@code resolveRequestUser} does: no (falsy) userId means GM-level access; otherwise the user is looked up
 * by id, then by case-insensitive name.
 */
public sealed interface Caller {

    /** No userId: full GM-level access, nothing filtered. */
    record GmLevel() implements Caller {}

    /** A resolved user, GM or not. */
    record AsUser(User user) implements Caller {}

    /** A userId that matches no user; the request must be answered with {@code User not found: <raw>}. */
    record Unknown(String raw) implements Caller {}

    /** Resolves a request's {@code userId} against the world's current users. */
    static Caller resolve(Documents fixture, JsonNode userId) {
        if (!Json.truthy(userId)) return new GmLevel();
        var raw = Json.jsString(userId);
        if (!userId.isTextual()) return new Unknown(raw);
        var byId = fixture.user(raw);
        if (byId.isPresent()) return new AsUser(byId.get());
        var lower = raw.toLowerCase(Locale.ROOT);
        return fixture.users().stream()
                .filter(u -> u.name().toLowerCase(Locale.ROOT).equals(lower))
                .findFirst()
                .<Caller>map(AsUser::new)
                .orElseGet(() -> new Unknown(raw));
    }

    /** The user to check permissions for, or null when the caller has GM-level access without a user. */
    default User userOrNull() {
        return this instanceof AsUser(var user) ? user : null;
    }
}
