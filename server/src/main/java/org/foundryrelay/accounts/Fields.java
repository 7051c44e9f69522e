package org.foundryrelay.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.foundryrelay.http.ApiException;

/** Reads typed fields of a JSON request body, with a 400 naming the field for a wrong type. */
final class Fields {
    private static final int MAX_TEXT = 1024;

    private Fields() {}

    /** A string field, trimmed; null when absent, null or blank. */
    static String text(ObjectNode body, String field) {
        var node = body.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.isTextual()) throw new ApiException(400, "'" + field + "' must be a string");
        var v = node.asText().trim();
        if (v.length() > MAX_TEXT) throw new ApiException(400, "'" + field + "' is too long");
        return v.isEmpty() ? null : v;
    }

    /** A string field as sent (passwords are not trimmed); null when absent. */
    static String raw(ObjectNode body, String field) {
        var node = body.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.isTextual()) throw new ApiException(400, "'" + field + "' must be a string");
        return node.asText();
    }

    /** An array of strings; null when absent or null. */
    static List<String> strings(ObjectNode body, String field) {
        var node = body.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.isArray()) throw new ApiException(400, "'" + field + "' must be an array");
        var out = new ArrayList<String>();
        for (JsonNode n : node) {
            if (!n.isTextual()) throw new ApiException(400, "'" + field + "' must be an array of strings");
            if (!n.asText().isBlank()) out.add(n.asText().trim());
        }
        return out;
    }

    /** A whole number given as a number or a numeric string; null when absent, null or "". */
    static Long number(ObjectNode body, String field) {
        var node = body.get(field);
        if (node == null || node.isNull()) return null;
        if (node.isIntegralNumber()) return node.asLong();
        if (node.isTextual()) {
            if (node.asText().isBlank()) return null;
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                // falls through to the error
            }
        }
        throw new ApiException(400, "'" + field + "' must be a valid number");
    }

    /** An RFC 3339 date-time; null when absent, null or "". */
    static Instant instant(ObjectNode body, String field) {
        var v = text(body, field);
        if (v == null) return null;
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "'" + field + "' must be an RFC 3339 date-time such as 2030-01-31T00:00:00Z");
        }
    }
}
