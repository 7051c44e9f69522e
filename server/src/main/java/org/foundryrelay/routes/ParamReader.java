package org.foundryrelay.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.Locale;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.json.Json;

/**
 * Reads a route's declared parameters from the query string and body and coerces them to their types,
 * with the error texts clients already know ({@code 'x' is required}, {@code 'x' must be a valid number}).
 * Undeclared parameters are not forwarded.
 */
final class ParamReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ParamReader() {}

    /** Copies every present parameter into {@code payload}, under its name and all its aliases. */
    static void read(Route route, Context ctx, ObjectNode body, ObjectNode payload) {
        for (var param : route.params()) {
            var raw = find(param, ctx, body);
            if (raw == null) {
                if (param.required()) throw new ApiException(400, "'" + param.name() + "' is required");
                continue;
            }
            var value = coerce(param, raw);
            for (var name : param.names()) payload.set(name, value);
        }
    }

    private static JsonNode find(Param param, Context ctx, ObjectNode body) {
        return switch (param.source()) {
            case QUERY -> fromQuery(param, ctx);
            case BODY -> fromBody(param, body);
            case QUERY_THEN_BODY -> firstOf(fromQuery(param, ctx), fromBody(param, body));
            case BODY_THEN_QUERY -> firstOf(fromBody(param, body), fromQuery(param, ctx));
        };
    }

    private static JsonNode firstOf(JsonNode a, JsonNode b) {
        return a != null ? a : b;
    }

    // An empty query value (?x=) counts as absent.
    private static JsonNode fromQuery(Param param, Context ctx) {
        for (var name : param.names()) {
            var v = ctx.queryParam(name);
            if (v != null && !v.isEmpty()) return NODES.textNode(v);
        }
        return null;
    }

    // JSON null counts as absent.
    private static JsonNode fromBody(Param param, ObjectNode body) {
        for (var name : param.names()) {
            var v = body.get(name);
            if (v != null && !v.isNull()) return v;
        }
        return null;
    }

    private static JsonNode coerce(Param param, JsonNode v) {
        var name = "'" + param.name() + "'";
        return switch (param.type()) {
            case ANY -> v;
            case STRING -> {
                if (!v.isTextual()) throw new ApiException(400, name + " must be a string");
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
                throw new ApiException(400, name + " must be a valid number");
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
                throw new ApiException(400, name + " must be a valid boolean");
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
                    throw new ApiException(400, name + " must be a valid array");
                }
                throw new ApiException(400, name + " must be an array");
            }
            case OBJECT -> {
                if (v.isObject()) yield v;
                throw new ApiException(400, name + " must be an object");
            }
        };
    }
}
