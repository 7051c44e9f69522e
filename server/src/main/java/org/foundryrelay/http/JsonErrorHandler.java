package org.foundryrelay.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.foundryrelay.json.Json;

/**
 * Jetty's own error responses (a request it refuses before any handler runs: a bad URI, an illegal header,
 * an oversized header block, an unknown HTTP version, a refused upgrade) as {@code {"error": ...}} JSON
 * instead of Jetty's HTML pages.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int code, String message) {
        var text = message == null || message.isBlank() || message.equals(HttpStatus.getMessage(code))
                ? code == 400 ? "Bad request: malformed URL, header or body" : HttpStatus.getMessage(code)
                : message;
        return Json.write(Json.error(text)).getBytes(StandardCharsets.UTF_8);
    }
}
