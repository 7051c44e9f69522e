package org.foundryrelay.routes;

/**
 * Told about every request the relay forwards to a world: before it is sent (headless sessions count it as
 * use of their world) and once it is answered (the activity log records calls that change something). Called
 * on the request's thread, so it must return quickly. Any transport that forwards calls reports them here.
 */
@FunctionalInterface
public interface WorldActivity {
    /** Ignores every request. */
    WorldActivity NONE = (accountId, clientId) -> { };

    void forwarded(String accountId, String clientId);

    /**
     * A forwarded call was answered (or failed: timeout, world gone).
     *
     * @param action  what was called, e.g. {@code POST /roll}
     * @param status  the HTTP status returned to the caller
     * @param millis  from reading the parameters to the answer
     */
    default void completed(String accountId, String keyId, String clientId, String action, int status, long millis) {}
}
