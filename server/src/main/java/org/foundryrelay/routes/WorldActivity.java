package org.foundryrelay.routes;

/**
 * Told about every request the relay forwards to a world, before it is sent; headless sessions count it
 * as use of their world. Called on the request's thread, so it must return quickly.
 */
@FunctionalInterface
public interface WorldActivity {
    /** Ignores every request. */
    WorldActivity NONE = (accountId, clientId) -> { };

    void forwarded(String accountId, String clientId);

    /**
     * The same, naming the transport the call came by. Hooks that record the transport override this; by
     * default it is dropped.
     */
    default void forwarded(String accountId, String clientId, Transport transport) {
        forwarded(accountId, clientId);
    }
}
