package org.foundryrelay.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.foundryrelay.auth.Principal;

/**
 * A row's own check or adjustment, run after its parameters are read and before the world is chosen: it
 * may refuse the call ({@link CallRefused}) or add fields to the payload (e.g. a class name the module
 * needs). Rules are data on the row, so every transport applies them alike.
 */
@FunctionalInterface
public interface Rule {
    void apply(ObjectNode payload, Principal principal);

    /** Refuses the call with {@code message} unless at least one of {@code names} has a value. */
    static Rule atLeastOne(String message, String... names) {
        return (payload, principal) -> {
            for (var name : names) {
                var v = payload.get(name);
                if (v != null && !v.isNull()) return;
            }
            throw CallRefused.invalid(message);
        };
    }
}
