package org.foundryrelay.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where a call's parameter values come from, whatever the transport: an HTTP request's query, body and
 * path, or the fields of a {@code /ws/api} frame or an MCP tool call.
 */
@FunctionalInterface
public interface Inputs {
    /**
     * The raw value of {@code name} from one place ({@link Param.Source#QUERY}, {@link Param.Source#BODY} or
     * {@link Param.Source#PATH}), or null when absent. Empty query strings and JSON nulls count as absent.
     */
    JsonNode get(Param.Source from, String name);

    /**
     * Inputs from one JSON object, as a socket frame or a tool call carries them: every parameter is read
     * from its fields, whatever place the row names.
     */
    static Inputs of(ObjectNode fields) {
        return (from, name) -> {
            var v = fields.get(name);
            return v == null || v.isNull() ? null : v;
        };
    }
}
