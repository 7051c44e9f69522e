package org.foundryrelay.cluster;

import java.util.concurrent.CompletableFuture;

/** Sends calls and replies to another relay's channel. */
interface Publishing {
    /**
     * Publishes {@code message} on {@code channel}.
     *
     * @return completes with the number of relays listening, -1 when that is not known, or exceptionally when
     *     Redis fails
     */
    CompletableFuture<Long> publish(String channel, String message);
}
