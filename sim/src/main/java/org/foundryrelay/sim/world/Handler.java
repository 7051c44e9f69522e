package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Answers one message type of the module, as the module's router for it does. Runs under the world's
 * lock. A null answer sends nothing back (the module only logs such messages).
 */
@FunctionalInterface
public interface Handler {
    ObjectNode handle(Request request, Caller caller);
}
