package org.foundryrelay.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.foundryrelay.json.Json;

/** Ends a request with this status and JSON body (and optional headers); thrown from any handler. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final transient ObjectNode body;
    private final transient Map<String, String> headers;

    public ApiException(int status, ObjectNode body, Map<String, String> headers) {
        super(body.path("error").asText(null), null, false, false);
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    public ApiException(int status, ObjectNode body) {
        this(status, body, Map.of());
    }

    /** {@code {"error": message}} with the given status. */
    public ApiException(int status, String message) {
        this(status, Json.error(message));
    }

    public int status() {
        return status;
    }

    public ObjectNode body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
