package org.foundryrelay.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.foundryrelay.json.Json;

/**
 * A call refused before anything reached a world. The body is what the caller sees (upstream texts); each
 * transport picks its own way to report the reason (an HTTP status, an error frame, a tool error).
 */
public final class CallRefused extends RuntimeException {

    /** Why the call was refused. */
    public enum Reason {
        /** A parameter is missing or of the wrong type, or the row's own rules refuse the values. */
        INVALID,
        /** The key may not reach the named world, or lacks a scope the values require. */
        FORBIDDEN,
        /** No such world is connected (or none at all). */
        NO_WORLD,
        /** Several worlds are reachable and none was named. */
        AMBIGUOUS_WORLD,
        /** The row does not exist or is not served on this transport. */
        UNKNOWN_ROUTE,
        /** The world's send queue is full, or the relay is stopping. */
        UNAVAILABLE
    }

    private final Reason reason;
    private final transient ObjectNode body;

    public CallRefused(Reason reason, ObjectNode body) {
        super(body.path("error").asText(null), null, false, false);
        this.reason = reason;
        this.body = body;
    }

    /** A refusal whose body is {@code {"error": message}}. */
    public CallRefused(Reason reason, String message) {
        this(reason, Json.error(message));
    }

    /** A refused parameter: {@code {"error": message}} with {@link Reason#INVALID}. */
    public static CallRefused invalid(String message) {
        return new CallRefused(Reason.INVALID, message);
    }

    public Reason reason() {
        return reason;
    }

    public ObjectNode body() {
        return body;
    }
}
