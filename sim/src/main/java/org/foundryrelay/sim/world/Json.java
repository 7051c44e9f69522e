package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON helpers. The module is JavaScript, so a few JS value rules (truthiness, {@code Number()}
 * coercion, {@code String()} of numbers) are reproduced here for fields the relay forwards untyped.
 */
public final class Json {
    // Files travel as one base64 string, far past Jackson's default 20 MB limit.
    public static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).build()).build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {}

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Puts a number the way {@code JSON.stringify} writes it: whole values without a fraction. */
    public static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(key); // JSON.stringify writes NaN and Infinity as null
        } else if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 9.0e15) {
            node.put(key, (long) value);
        } else {
            node.put(key, value);
        }
    }

    /** Like {@link #putNumber} but writes {@code null} for a missing value (JSON keeps null keys). */
    public static void putNumberOrNull(ObjectNode node, String key, Double value) {
        if (value == null) node.putNull(key);
        else putNumber(node, key, value);
    }

    /** Puts {@code Integer} or JSON null. */
    public static void putIntOrNull(ObjectNode node, String key, Integer value) {
        if (value == null) node.putNull(key);
        else node.put(key, value.intValue());
    }

    /** JavaScript truthiness of a (possibly missing) value. */
    public static boolean truthy(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) return false;
        if (node.isBoolean()) return node.booleanValue();
        if (node.isNumber()) return node.doubleValue() != 0 && !Double.isNaN(node.doubleValue());
        if (node.isTextual()) return !node.textValue().isEmpty();
        return true; // objects and arrays, even empty ones
    }

    /** {@code value === true}. */
    public static boolean strictTrue(JsonNode node) {
        return node != null && node.isBoolean() && node.booleanValue();
    }

    /** JavaScript {@code Number(value)} for the value kinds JSON can carry. */
    public static double toNumber(JsonNode node) {
        if (node == null || node.isMissingNode()) return Double.NaN;
        if (node.isNull()) return 0;
        if (node.isNumber()) return node.doubleValue();
        if (node.isBoolean()) return node.booleanValue() ? 1 : 0;
        if (node.isTextual()) {
            var text = node.textValue().strip();
            if (text.isEmpty()) return 0;
            if (text.equals("Infinity") || text.equals("+Infinity")) return Double.POSITIVE_INFINITY;
            if (text.equals("-Infinity")) return Double.NEGATIVE_INFINITY;
            if (!text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) return Double.NaN;
            return Double.parseDouble(text);
        }
        if (node.isArray() && node.isEmpty()) return 0;
        if (node.isArray() && node.size() == 1) return toNumber(node.get(0));
        return Double.NaN;
    }

    /** JavaScript {@code String(value)} for scalars, as used in error texts. */
    public static String jsString(JsonNode node) {
        if (node == null || node.isMissingNode()) return "undefined";
        if (node.isNull()) return "null";
        if (node.isTextual()) return node.textValue();
        if (node.isNumber()) {
            double d = node.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e21 ? Long.toString((long) d) : Double.toString(d);
        }
        if (node.isBoolean()) return Boolean.toString(node.booleanValue());
        return node.isArray() ? "" : "[object Object]";
    }

    /** The text of a string node, or null for anything else. */
    public static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
