package org.foundryrelay.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.Locale;
import org.foundryrelay.http.ApiDoc;
import static org.foundryrelay.http.ApiDoc.Access.API_KEY;
import static org.foundryrelay.http.ApiDoc.Access.OPEN;
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
        this(routes, version, List.of());
    }

    /** @param documented what the other features serve themselves ({@link org.foundryrelay.http.Endpoints#documented}) */
    public OpenApi(List<Route> routes, String version, List<ApiDoc> documented) {
        this.body = Json.write(document(routes, version, documented));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/openapi.json", ctx -> Responses.rawJson(ctx, 200, body));
    }

    private static final String SSE = "text/event-stream";
    private static final String JSON = "application/json";

    /** Everything served besides the route rows. */
    static final List<ApiDoc> SERVED = List.of(
            new ApiDoc("GET", "/health", "relay", "Liveness and store health", OPEN, null, JSON, List.of()),
            new ApiDoc("GET", "/api/health", "relay", "Liveness and store health", OPEN, null, JSON, List.of()),
            new ApiDoc("GET", "/api/status", "relay", "Version and the module's WebSocket path", OPEN, null, JSON, List.of()),
            new ApiDoc("GET", "/api/openapi.json", "relay", "This document", OPEN, null, JSON, List.of()),
            new ApiDoc("GET", "/api/key", "relay", "The calling key: account, scopes, bound worlds and Foundry users", API_KEY, null, JSON, List.of()),
            new ApiDoc("GET", "/clients", "worlds", "The account's worlds and whether each is connected",
                    API_KEY, org.foundryrelay.auth.Scope.CLIENTS_READ.wireName(), JSON, List.of()),
            new ApiDoc("POST", "/auth/pair", "pairing", "Exchange a pairing code for a connection token (the module calls this)", OPEN, null, JSON, List.of()),
            new ApiDoc("POST", "/auth/pair-request", "pairing", "Start a device-flow pairing request (the module calls this)", OPEN, null, JSON, List.of()),
            new ApiDoc("GET", "/auth/pair-request/{code}/status", "pairing", "Poll a device-flow pairing request", OPEN, null, JSON, List.of()),
            new ApiDoc("GET", "/pair/{code}", "pairing", "The page where a signed-in user approves a pairing request", OPEN, null, "text/html", List.of()),
            new ApiDoc("POST", "/api/self-unpair", "pairing", "A world revokes its own connection token", OPEN, null, JSON, List.of()),
            new ApiDoc("GET", "/api/clients/{clientId}/active", "pairing", "Whether a world is connected", OPEN, null, JSON, List.of()),
            new ApiDoc("GET", "/rolls/subscribe", "events", "Server-Sent Events: rolls", API_KEY, org.foundryrelay.auth.Scope.EVENTS_SUBSCRIBE.wireName(), SSE,
                    List.of("clientId", "userId")),
            new ApiDoc("GET", "/encounters/subscribe", "events", "Server-Sent Events: combat changes",
                    API_KEY, org.foundryrelay.auth.Scope.EVENTS_SUBSCRIBE.wireName(), SSE, List.of("clientId", "encounterId")),
            new ApiDoc("GET", "/chat/subscribe", "events", "Server-Sent Events: chat messages created, updated and deleted",
                    API_KEY, org.foundryrelay.auth.Scope.EVENTS_SUBSCRIBE.wireName(), SSE, List.of("clientId", "speaker", "whisperOnly", "userId")),
            new ApiDoc("GET", "/hooks/subscribe", "events", "Server-Sent Events: Foundry hooks as they fire",
                    API_KEY, org.foundryrelay.auth.Scope.EVENTS_SUBSCRIBE.wireName(), SSE, List.of("clientId", "hooks")),
            new ApiDoc("GET", "/actor/subscribe", "events", "Server-Sent Events: actor changes",
                    API_KEY, org.foundryrelay.auth.Scope.EVENTS_SUBSCRIBE.wireName(), SSE, List.of("clientId", "actorUuid")),
            new ApiDoc("GET", "/scene/subscribe", "events", "Server-Sent Events: scene and canvas changes",
                    API_KEY, org.foundryrelay.auth.Scope.EVENTS_SUBSCRIBE.wireName(), SSE, List.of("clientId", "sceneId")),
            new ApiDoc("POST", "/session-handshake", "sessions", "Start a headless session handshake (key pair and nonce)",
                    API_KEY, org.foundryrelay.auth.Scope.SESSION_MANAGE.wireName(), JSON, List.of()),
            new ApiDoc("POST", "/start-session", "sessions", "Start a headless Foundry session in the relay's browser",
                    API_KEY, org.foundryrelay.auth.Scope.SESSION_MANAGE.wireName(), JSON, List.of()),
            new ApiDoc("DELETE", "/end-session", "sessions", "End a headless session", API_KEY, org.foundryrelay.auth.Scope.SESSION_MANAGE.wireName(), JSON,
                    List.of("sessionId")),
            new ApiDoc("GET", "/session", "sessions", "The account's headless sessions", API_KEY, org.foundryrelay.auth.Scope.SESSION_MANAGE.wireName(), JSON,
                    List.of()),
            new ApiDoc("GET", RetiredEndpoints.CONTENTS, "structure", "Retired: always answers 400 pointing to GET /structure",
                    API_KEY, org.foundryrelay.auth.Scope.STRUCTURE_READ.wireName(), JSON, List.of()));

    static ObjectNode document(List<Route> routes, String version) {
        return document(routes, version, List.of());
    }

    static ObjectNode document(List<Route> routes, String version, List<ApiDoc> documented) {
        var doc = Json.object().put("openapi", "3.1.0");
        doc.putObject("info").put("title", "Foundry Relay").put("version", version)
                .put("description", "REST access to Foundry VTT worlds connected through the Foundry REST API module.");
        doc.putObject("components").putObject("securitySchemes").putObject("apiKey")
                .put("type", "apiKey").put("in", "header").put("name", "x-api-key");
        var schemes = doc.withObjectProperty("components").withObjectProperty("securitySchemes");
        schemes.putObject("bearerKey").put("type", "http").put("scheme", "bearer")
                .put("description", "the same scoped API key as Authorization: Bearer <key>");
        schemes.putObject("session").put("type", "http").put("scheme", "bearer")
                .put("description", "a signed-in account's session token from POST /auth/login");
        schemes.putObject("metricsToken").put("type", "http").put("scheme", "bearer")
                .put("description", "the relay's METRICS_TOKEN");
        doc.putArray("security").add(Json.object().set("apiKey", Json.MAPPER.createArrayNode()))
                .add(Json.object().set("bearerKey", Json.MAPPER.createArrayNode()));
        var paths = doc.putObject("paths");
        for (var route : routes) {
            // withObjectProperty, not withObject: the latter reads its argument as a JSON Pointer and drops the '/'.
            var item = paths.withObjectProperty(route.path());
            operation(item, route, route.method().name().toLowerCase(Locale.ROOT), route.messageType(), route.summary());
            if (route.method() == Method.PUT) {
                operation(item, route, "patch", route.messageType() + "-patch", route.summary() + " (PATCH is accepted as PUT)");
            }
        }
        for (var served : SERVED) served(paths.withObjectProperty(served.path()), served);
        for (var served : documented) served(paths.withObjectProperty(served.path()), served);
        return doc;
    }

    private static void operation(ObjectNode item, Route route, String method, String operationId, String summary) {
        var op = item.putObject(method);
        op.put("summary", summary).put("operationId", operationId);
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
            op.putObject("requestBody").putObject("content").putObject(JSON).set("schema", body);
        }
        var example = route.example();
        if (example.isPresent()) op.put("x-example", example.get().pathAndQuery());
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

    private static void served(ObjectNode item, ApiDoc s) {
        var op = item.putObject(s.method().toLowerCase(Locale.ROOT));
        op.put("summary", s.summary());
        op.put("operationId", (s.method() + s.path()).replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT));
        op.putArray("tags").add(s.tag());
        if (s.scope() != null) op.put("x-required-scope", s.scope());
        switch (s.access()) {
            case OPEN -> op.putArray("security");
            case SIGNED_IN -> op.putArray("security").add(Json.object().set("session", Json.MAPPER.createArrayNode()));
            case METRICS_TOKEN -> op.putArray("security").add(Json.object().set("metricsToken", Json.MAPPER.createArrayNode()));
            case API_KEY -> { }
        }
        var params = op.putArray("parameters");
        var matcher = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(s.path());
        while (matcher.find()) {
            params.addObject().put("name", matcher.group(1)).put("in", "path").put("required", true)
                    .putObject("schema").put("type", "string");
        }
        for (var q : s.query()) {
            params.addObject().put("name", q).put("in", "query").put("required", q.equals("clientId") && s.produces().equals(SSE))
                    .putObject("schema").put("type", "string");
        }
        var responses = op.putObject("responses");
        responses.putObject("200").put("description", s.produces().equals(SSE) ? "an event stream" : "success")
                .putObject("content").putObject(s.produces()).putObject("schema").put("type", s.produces().equals(JSON) ? "object" : "string");
        if (s.access() != ApiDoc.Access.OPEN) {
            responses.putObject("401").put("description", "missing or invalid credentials");
            if (s.scope() != null) responses.putObject("403").put("description", "the key lacks the scope");
        }
        responses.putObject("400").put("description", "bad request");
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
