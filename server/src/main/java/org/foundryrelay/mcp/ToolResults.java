package org.foundryrelay.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import org.foundryrelay.json.Json;
import org.foundryrelay.routes.Route;

/**
 * Turns answers into tool results: the JSON as structured content plus the same JSON as text (for clients
 * that read only text), an error as a tool error carrying its message, and a row's image or file as
 * image content or an embedded base64 resource.
 */
final class ToolResults {
    private static final String[] BINARY_FIELDS = {"imageData", "fileData"};

    private ToolResults() {}

    /** A tool error the model can read and act on. */
    static CallToolResult error(String message) {
        return CallToolResult.builder().isError(true).addTextContent(message).build();
    }

    /** A tool error from a relay refusal: its message, then any details it carries (such as the worlds to choose from). */
    static CallToolResult error(ObjectNode refusal) {
        var message = refusal.path("error").asText("Refused");
        if (refusal.size() <= 1) return error(message);
        return CallToolResult.builder().isError(true).addTextContent(message).addTextContent(Json.write(refusal)).build();
    }

    /** A successful result carrying {@code body}. */
    static CallToolResult json(JsonNode body) {
        return CallToolResult.builder().addTextContent(Json.write(body)).structuredContent(structured(body)).build();
    }

    /** The result of a row's call, by the row's reply kind. */
    static CallToolResult of(Route route, RowCalls.Answer answer) {
        if (answer.refused()) return error(answer.body());
        if (!answer.ok()) return error(answer.error());
        return switch (route.reply()) {
            case JSON -> json(answer.body());
            case IMAGE, FILE -> binary(route.reply(), answer.body());
        };
    }

    // The module sends bytes as base64 (usually a data URL) under imageData or fileData, at the top or under
    // "data". The bytes go into their own content item; the JSON keeps everything else.
    private static CallToolResult binary(Route.ReplyKind kind, ObjectNode body) {
        var copy = body.deepCopy();
        for (var holder : new JsonNode[] {copy, copy.path("data")}) {
            if (!(holder instanceof ObjectNode o)) continue;
            for (var field : BINARY_FIELDS) {
                var value = o.path(field);
                if (!value.isTextual() || value.asText().isEmpty()) continue;
                var raw = value.asText();
                var mime = o.path("mimeType").asText(null);
                var base64 = raw;
                if (raw.startsWith("data:") && raw.indexOf(',') > 0) {
                    var header = raw.substring(5, raw.indexOf(','));
                    var declared = header.split(";")[0];
                    if (!declared.isEmpty()) mime = declared;
                    base64 = raw.substring(raw.indexOf(',') + 1);
                }
                o.put(field, "(" + base64.length() * 3 / 4 + " bytes, in the result's " + (kind == Route.ReplyKind.IMAGE ? "image" : "resource") + " content)");
                McpSchema.Content content = kind == Route.ReplyKind.IMAGE
                        ? McpSchema.ImageContent.builder(base64, mime != null ? mime : "image/png").build()
                        : McpSchema.EmbeddedResource.builder(McpSchema.BlobResourceContents.builder("foundry://files/" + fileName(o), base64)
                                .mimeType(mime != null ? mime : "application/octet-stream").build()).build();
                return CallToolResult.builder().addContent(content).addTextContent(Json.write(copy))
                        .structuredContent(structured(copy)).build();
            }
        }
        return json(body);
    }

    private static String fileName(ObjectNode o) {
        for (var name : new String[] {"path", "filename", "fileName"}) {
            var v = o.path(name).asText("");
            if (!v.isEmpty()) return v.startsWith("/") ? v.substring(1) : v;
        }
        return "download";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(JsonNode body) {
        if (body.isObject()) return Json.MAPPER.convertValue(body, Map.class);
        return Map.of("result", Json.MAPPER.convertValue(body, Object.class));
    }
}
