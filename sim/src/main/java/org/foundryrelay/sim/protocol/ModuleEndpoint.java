package org.foundryrelay.sim.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * The world behind one simulated module connection: what the connection asks of it and where the
 * world sends what it pushes on its own (roll-data, combat-event, player-list updates).
 */
public interface ModuleEndpoint {

    /** Metadata the module puts in the {@code /relay} query string. */
    WorldInfo info();

    /** The {@code player-list} message the module sends right after {@code auth-success}. */
    ObjectNode playerList();

    /**
     * Handles one message from the relay (a request such as {@code roll}, or a control message such as
     * {@code event-subscription-update}).
     *
     * @return the reply to send back, or {@code null} when the message needs none
     */
    ObjectNode handle(ObjectNode message);

    /** Where pushed messages go while connected; {@code null} detaches (pushes are then dropped). */
    void attach(Consumer<ObjectNode> outbox);
}
