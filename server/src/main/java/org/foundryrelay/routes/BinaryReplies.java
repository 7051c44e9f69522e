package org.foundryrelay.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.foundryrelay.foundry.Reply;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;

/**
 * Writes a world's answer the way its row asks: JSON as it came, or the image or file the module sent as
 * base64 decoded to raw bytes with its headers. Error answers, and answers without data to decode, stay
 * JSON.
 */
final class BinaryReplies {
    private BinaryReplies() {}

    static void write(Context ctx, Route route, ObjectNode payload, Reply reply) {
        if (route.reply() == Route.ReplyKind.JSON || reply.status() != 200
                || (route.reply() == Route.ReplyKind.FILE && "base64".equals(payload.path("format").asText()))) {
            Responses.rawJson(ctx, reply.status(), reply.body());
            return;
        }
        JsonNode answer;
        try {
            answer = Json.parse(reply.body());
        } catch (Exception e) {
            Responses.rawJson(ctx, reply.status(), reply.body());
            return;
        }
        var field = route.reply() == Route.ReplyKind.IMAGE ? "imageData" : "fileData";
        var bytes = decode(answer.path(field).asText(""));
        if (bytes == null) {
            Responses.rawJson(ctx, reply.status(), reply.body());
            return;
        }
        if (route.reply() == Route.ReplyKind.IMAGE) {
            var type = answer.path("mimeType").asText("jpeg".equals(payload.path("format").asText()) ? "image/jpeg" : "image/png");
            ctx.header("X-Image-Width", answer.path("width").asText());
            ctx.header("X-Image-Height", answer.path("height").asText());
            ctx.status(200).contentType(type).result(bytes);
        } else {
            var name = answer.path("fileName").asText(answer.path("filename").asText("download"));
            ctx.header("Content-Disposition", disposition(name));
            ctx.status(200).contentType(answer.path("mimeType").asText("application/octet-stream")).result(bytes);
        }
    }

    // The part of a data URL after its first comma (or the whole text), as bytes; null when it is not base64.
    private static byte[] decode(String data) {
        var comma = data.indexOf(',');
        var base64 = data.startsWith("data:") && comma >= 0 ? data.substring(comma + 1) : data;
        if (base64.isEmpty()) return null;
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code attachment} with a quoted ASCII name and, for other characters, the RFC 6266 encoded form. */
    static String disposition(String name) {
        var ascii = new StringBuilder();
        for (char c : name.toCharArray()) ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
        var header = "attachment; filename=\"" + ascii + "\"";
        if (!ascii.toString().equals(name)) {
            header += "; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        }
        return header;
    }
}
