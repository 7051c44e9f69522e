package org.foundryrelay.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.foundryrelay.json.Json;

/** A subscription refused before it started; each transport reports the reason its own way. */
public final class SubscriptionRefused extends RuntimeException {

    /** Why the subscription was refused. */
    public enum Reason {
        /** A parameter is missing or names an unknown user. */
        INVALID,
        /** The key may not reach the world. */
        FORBIDDEN,
        /** The world is not connected (or belongs to another account). */
        NO_WORLD,
        /** The world already has the maximum number of streams on the channel. */
        TOO_MANY,
        /** The world is held by another relay that is gone (it will reconnect elsewhere). */
        HOLDER_GONE,
        /** The cluster cannot be asked (Redis is unreachable) or the world did not answer in time. */
        UNAVAILABLE
    }

    private final Reason reason;
    private final transient ObjectNode body;

    SubscriptionRefused(Reason reason, ObjectNode body) {
        super(body.path("error").asText(null), null, false, false);
        this.reason = reason;
        this.body = body;
    }

    SubscriptionRefused(Reason reason, String message) {
        this(reason, Json.error(message));
    }

    public Reason reason() {
        return reason;
    }

    public ObjectNode body() {
        return body;
    }
}
