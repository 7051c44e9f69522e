package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.JsonNode;
import org.foundryrelay.sim.world.Fixture.User;

/**
 * Foundry's document ownership levels as the module checks them, and its permission error texts. A GM,
 * and a request without a user, see and own everything.
 */
public final class Ownership {
    /** {@code CONST.DOCUMENT_OWNERSHIP_LEVELS}. */
    public static final int NONE = 0, LIMITED = 1, OBSERVER = 2, OWNER = 3;

    private Ownership() {}

    /** The level {@code caller} has on a document from its {@code ownership} object. */
    public static int level(JsonNode doc, Caller caller) {
        var user = caller.userOrNull();
        if (user == null || user.isGM()) return OWNER;
        var ownership = doc.path("ownership");
        var own = ownership.get(user.id());
        if (own == null) own = ownership.get("default");
        return own == null ? NONE : own.asInt();
    }

    /** {@code User '<name>' does not have permission to <op> '<docName>'}. */
    public static String denied(User user, String op, String docName) {
        return "User '" + user.name() + "' does not have permission to " + op + " '" + docName + "'";
    }

    /** {@code User '<name>' must be a GM to <op>}, or null when the caller may. */
    public static String gmOnly(Caller caller, String op) {
        var user = caller.userOrNull();
        return user == null || user.isGM() ? null : "User '" + user.name() + "' must be a GM to " + op;
    }
}
