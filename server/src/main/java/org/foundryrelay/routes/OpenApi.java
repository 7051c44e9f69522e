package org.foundryrelay.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.Locale;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;

/**
 * {@code GET /api/openapi.json}: an OpenAPI 3.1 description built from the same route rows the relay
 * serves, so it cannot drift from what the relay actually accepts.
 */
public final class OpenApi implements Endpoints {
    private final String body;

    public OpenApi(List<Route> routes, String version) {
        this.body = Json.write(document(routes, version));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/openapi.json", ctx -> Responses.rawJson(ctx, 200, body));
    }

    static ObjectNode document(List<Route> routes, String version) {
        var doc = Json.object().put("openapi", "3.1.0");
        doc.putObject("info").put("title", "Foundry Relay").put("version", version)
                .put("description", "REST access to Foundry VTT worlds connected through the Foundry REST API module.");
        doc.putObject("components").putObject("securitySchemes").putObject("apiKey")
                .put("type", "apiKey").put("in", "header").put("name", "x-api-key");
        doc.putArray("security").addObject().putArray("apiKey");
        var paths = doc.putObject("paths");
        for (var route : routes) {
            // withObjectProperty, not withObject: the latter reads its argument as a JSON Pointer and drops the '/'.
            var path = route.path();
            var op = paths.withObjectProperty(path).putObject(route.method().name().toLowerCase(Locale.ROOT));
            op.put("summary", route.summary()).put("operationId", route.messageType());
            op.putArray("tags").add(route.group());
            op.put("x-required-scope", route.scope().wireName());
            op.put("x-module-message", route.messageType());
            var params = op.putArray("parameters");
            params.addObject().put("name", "clientId").put("in", "query").put("required", false)
                    .put("description", "the world to address; may be left out when the key reaches exactly one connected world")
                    .putObject("schema").put("type", "string");
            var body = Json.object().put("type", "object");
            var props = body.putObject("properties");
            var required = Json.MAPPER.createArrayNode();
            for (var p : route.params()) {
                if (p.source() == Param.Source.PATH) {
                    params.addObject().put("name", p.name()).put("in", "path").put("required", true)
                            .put("description", describe(p)).set("schema", schema(p));
                    continue;
                }
                boolean inBody = p.source().body() && !route.method().isRead();
                boolean inQuery = p.source().query() || (p.source().body() && route.method().isRead());
                if (inQuery) {
                    params.addObject().put("name", p.name()).put("in", "query").put("required", p.required() && !inBody)
                            .put("description", describe(p)).set("schema", schema(p));
                }
                if (inBody) {
                    props.set(p.name(), schema(p).put("description", describe(p)));
                    if (p.required()) required.add(p.name());
                }
            }
            if (!props.isEmpty()) {
                if (!required.isEmpty()) body.set("required", required);
                op.putObject("requestBody").putObject("content").putObject("application/json").set("schema", body);
            }
            var responses = op.putObject("responses");
            var ok = responses.putObject("200").put("description", "the world's answer, passed through unchanged");
            binary(route, op, ok, responses);
            responses.putObject("400").put("description", "bad parameters, or the world answered with an error");
            responses.putObject("401").put("description", "missing or invalid API key");
            responses.putObject("403").put("description", "the key lacks the scope or may not reach this world");
            responses.putObject("404").put("description", "no such world connected");
            responses.putObject("408").put("description", "the world did not answer in time");
            responses.putObject("429").put("description", "rate limit reached");
            responses.putObject("502").put("description", "the world disconnected before answering");
        }
        return doc;
    }

    // Images and downloads answer bytes; an upload may send them.
    private static void binary(Route route, ObjectNode op, ObjectNode ok, ObjectNode responses) {
        var bytes = Json.object().put("type", "string").put("format", "binary");
        switch (route.reply()) {
            case IMAGE -> {
                ok.put("description", "the image's bytes, with X-Image-Width and X-Image-Height");
                var content = ok.putObject("content");
                content.putObject("image/png").set("schema", bytes.deepCopy());
                content.putObject("image/jpeg").set("schema", bytes.deepCopy());
            }
            case FILE -> {
                ok.put("description", "the file's bytes with Content-Disposition, or the world's JSON when format=base64");
                var content = ok.putObject("content");
                content.putObject("application/octet-stream").set("schema", bytes.deepCopy());
                content.putObject("application/json").putObject("schema").put("type", "object");
            }
            case JSON -> { }
        }
        if (route.path().equals(FileRoutes.UPLOAD_PATH)) {
            op.withObjectProperty("requestBody").withObjectProperty("content").putObject("application/octet-stream").set("schema", bytes);
            responses.putObject("413").put("description", "the upload is larger than MAX_UPLOAD_SIZE_MB");
        }
    }

    private static String describe(Param p) {
        return p.aliases().isEmpty() ? p.description() : p.description() + " (also accepted as " + String.join(", ", p.aliases()) + ")";
    }

    private static ObjectNode schema(Param p) {
        var s = Json.object();
        switch (p.type()) {
            case STRING -> s.put("type", "string");
            case NUMBER -> s.put("type", "number");
            case BOOLEAN -> s.put("type", "boolean");
            case ARRAY -> s.put("type", "array");
            case OBJECT -> s.put("type", "object");
            case ANY -> { }
        }
        return s;
    }
}
