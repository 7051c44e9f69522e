package org.foundryrelay.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Locale;
import org.foundryrelay.json.Json;

/**
 * Reads a route's declared parameters from a call's {@link Inputs} and coerces them to their types,
 * with the error texts clients already know ({@code 'x' is required}, {@code 'x' must be a valid number}).
 * Undeclared parameters are not forwarded.
 */
final class ParamReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ParamReader() {}

    /** Copies every present parameter into {@code payload}, under its name and all its aliases. */
    static void read(Route route, Inputs inputs, ObjectNode payload) {
        for (var param : route.params()) {
            var raw = find(param, inputs);
            if (raw == null) {
                if (param.required()) throw CallRefused.invalid("'" + param.name() + "' is required");
                continue;
            }
            var value = coerce(param, raw);
            for (var name : param.names()) payload.set(name, value);
        }
    }

    private static JsonNode find(Param param, Inputs inputs) {
        return switch (param.source()) {
            case QUERY -> from(inputs, Param.Source.QUERY, param);
            case BODY -> from(inputs, Param.Source.BODY, param);
            case PATH -> from(inputs, Param.Source.PATH, param);
            case QUERY_THEN_BODY -> firstOf(from(inputs, Param.Source.QUERY, param), from(inputs, Param.Source.BODY, param));
            case BODY_THEN_QUERY -> firstOf(from(inputs, Param.Source.BODY, param), from(inputs, Param.Source.QUERY, param));
        };
    }

    private static JsonNode firstOf(JsonNode a, JsonNode b) {
        return a != null ? a : b;
    }

    private static JsonNode from(Inputs inputs, Param.Source where, Param param) {
        for (var name : param.names()) {
            var v = inputs.get(where, name);
            if (v != null) return v;
        }
        return null;
    }

    private static JsonNode coerce(Param param, JsonNode v) {
        var name = "'" + param.name() + "'";
        return switch (param.type()) {
            case ANY -> v;
            case STRING -> {
                if (!v.isTextual()) throw CallRefused.invalid(name + " must be a string");
                yield v;
            }
            case NUMBER -> {
                if (v.isNumber()) yield v;
                if (v.isTextual()) {
                    try {
                        var n = new BigDecimal(v.asText().trim());
                        yield n.stripTrailingZeros().scale() <= 0 ? NODES.numberNode(n.toBigIntegerExact()) : NODES.numberNode(n);
                    } catch (NumberFormatException | ArithmeticException e) {
                        // fall through to the error
                    }
                }
                throw CallRefused.invalid(name + " must be a valid number");
            }
            case BOOLEAN -> {
                if (v.isBoolean()) yield v;
                if (v.isTextual()) {
                    switch (v.asText().toLowerCase(Locale.ROOT)) {
                        case "true" -> { yield NODES.booleanNode(true); }
                        case "false" -> { yield NODES.booleanNode(false); }
                        default -> { }
                    }
                }
                throw CallRefused.invalid(name + " must be a valid boolean");
            }
            case ARRAY -> {
                if (v.isArray()) yield v;
                if (v.isTextual()) {
                    try {
                        var parsed = Json.parse(v.asText());
                        if (parsed.isArray()) yield parsed;
                    } catch (Exception e) {
                        // fall through to the error
                    }
                    throw CallRefused.invalid(name + " must be a valid array");
                }
                throw CallRefused.invalid(name + " must be an array");
            }
            case OBJECT -> {
                if (v.isObject()) yield v;
                throw CallRefused.invalid(name + " must be an object");
            }
        };
    }
}
