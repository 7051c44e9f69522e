package org.foundryrelay.routes;

import org.foundryrelay.auth.Principal;

/**
 * Told about every call the relay forwards to a world, whatever transport it came by: before it is sent
 * (headless sessions count it as use of their world) and once it is answered (the activity log records
 * it). Called on the request's thread or the answering thread, so it must return quickly.
 */
public interface WorldActivity {
    /** A call is about to be sent to the world. */
    default void forwarded(String accountId, String clientId) {}

    /**
     * A forwarded call was answered, or ended without an answer (timeout, world gone).
     *
     * @param status the HTTP status the caller sees
     * @param millis from sending to the answer
     */
    default void completed(Principal principal, String clientId, Route route, Transport transport, int status, long millis) {}
}
