package org.foundryrelay.mcp;

import org.foundryrelay.http.ApiDoc;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.auth.Principal;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.http.Endpoints;
import org.foundryrelay.http.Responses;
import org.foundryrelay.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * {@code POST /mcp}: the Model Context Protocol's Streamable HTTP transport, stateless (every request
 * stands alone, no {@code Mcp-Session-Id}, so any relay of a cluster can answer), on the relay's own
 * server. The SDK's server answers the protocol; this edge only carries messages, so it keeps the relay's
 * rules that the SDK's servlet would break: the key checked by {@link ApiGuard} like every endpoint (with
 * the {@code WWW-Authenticate} challenge MCP clients look for), every error JSON, never an HTML page,
 * a stack trace or a 500. Each JSON-RPC message is answered with plain JSON; nothing is streamed, as the
 * relay sends no server-initiated messages.
 */
public final class McpEndpoint implements Endpoints, McpStatelessServerTransport {
    static final String PATH = "/mcp";
    private static final Logger LOG = LoggerFactory.getLogger(McpEndpoint.class);
    private static final String PRINCIPAL = "org.foundryrelay.principal";

    private final ApiGuard guard;
    private final McpJsonMapper json;
    private final Consumer<McpEndpoint> serverBuilder;
    private volatile McpStatelessServerHandler handler;

    /**
     * @param serverBuilder builds the SDK's server on this transport (it registers itself through
     *                      {@link #setMcpHandler}); run on the first MCP request, as loading the SDK takes about
     *                      a second that the relay's start-up should not pay
     */
    McpEndpoint(ApiGuard guard, McpJsonMapper json, Consumer<McpEndpoint> serverBuilder) {
        this.guard = guard;
        this.json = json;
        this.serverBuilder = serverBuilder;
    }

    /** The caller of the MCP request being answered. */
    static Principal principal(McpTransportContext context) {
        return (Principal) context.get(PRINCIPAL);
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler handler) {
        this.handler = handler;
    }

    private McpStatelessServerHandler handler() {
        var h = handler;
        if (h != null) return h;
        synchronized (this) {
            if (handler == null) serverBuilder.accept(this);
            return handler;
        }
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    @Override
    public java.util.List<ApiDoc> documented() {
        return java.util.List.of(
                ApiDoc.json("POST", PATH, "mcp", "Model Context Protocol (Streamable HTTP, stateless): one JSON-RPC message per request",
                        ApiDoc.Access.API_KEY),
                ApiDoc.json("GET", PATH, "mcp", "Not used by the stateless transport: 405", ApiDoc.Access.API_KEY),
                ApiDoc.json("DELETE", PATH, "mcp", "Not used by the stateless transport: 405", ApiDoc.Access.API_KEY));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(PATH, this::post);
        // Stateless: no stream to open with GET and no session to end with DELETE.
        routes.get(PATH, McpEndpoint::notAllowed);
        routes.delete(PATH, McpEndpoint::notAllowed);
    }

    private static void notAllowed(Context ctx) {
        throw new ApiException(405, Json.error("This MCP endpoint is stateless: send each JSON-RPC message with POST"),
                Map.of("Allow", "POST"));
    }

    private void post(Context ctx) {
        var principal = authenticate(ctx);
        if (!acceptsJson(ctx.header("Accept"))) {
            throw new ApiException(406, "MCP answers are application/json: the Accept header must allow it");
        }
        var contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "Content-Type must be application/json");
        }
        var handler = handler();
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, ctx.body());
        } catch (Exception e) {
            rpcError(ctx, 400, null, McpSchema.ErrorCodes.PARSE_ERROR, "Not a JSON-RPC message: " + firstLine(e.getMessage()));
            return;
        }
        var context = McpTransportContext.create(Map.of(PRINCIPAL, principal));
        if (message instanceof McpSchema.JSONRPCRequest request) {
            McpSchema.JSONRPCResponse response = null;
            try {
                response = handler.handleRequest(context, request).block();
            } catch (RuntimeException e) {
                LOG.warn("MCP {} failed: {}", request.method(), e.toString());
            }
            if (response == null) {
                rpcError(ctx, 200, request.id(), McpSchema.ErrorCodes.INTERNAL_ERROR, "Internal error");
            } else {
                write(ctx, 200, response);
            }
        } else if (message instanceof McpSchema.JSONRPCNotification notification) {
            try {
                handler.handleNotification(context, notification).block();
            } catch (RuntimeException e) {
                LOG.debug("MCP notification {} failed: {}", notification.method(), e.toString());
            }
            ctx.status(202);
        } else {
            rpcError(ctx, 400, null, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "This server sends no requests, so it takes only requests and notifications");
        }
    }

    // The shared guard (key, minute limit, monthly count); a 401 gains the challenge MCP clients expect.
    private Principal authenticate(Context ctx) {
        var key = presentedKey(ctx);
        try {
            return guard.require(ctx, key, null);
        } catch (ApiException e) {
            if (e.status() != 401) throw e;
            var headers = new HashMap<>(e.headers());
            headers.put("WWW-Authenticate", key == null
                    ? "Bearer realm=\"foundry-relay\""
                    : "Bearer realm=\"foundry-relay\", error=\"invalid_token\", error_description=\"" + e.getMessage() + "\"");
            throw new ApiException(401, e.body(), headers);
        }
    }

    /** {@code x-api-key}, else the token of {@code Authorization: Bearer}; null when neither is given. */
    static String presentedKey(Context ctx) {
        var key = ctx.header("x-api-key");
        if (key != null && !key.isBlank()) return key;
        var authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            var token = authorization.substring(7).trim();
            if (!token.isEmpty()) return token;
        }
        return null;
    }

    private static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) return true;
        var a = accept.toLowerCase(Locale.ROOT);
        return a.contains("application/json") || a.contains("*/*") || a.contains("application/*");
    }

    private void write(Context ctx, int status, Object message) {
        try {
            ctx.status(status).contentType("application/json").result(json.writeValueAsString(message));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot serialise an MCP message", e);
        }
    }

    private void rpcError(Context ctx, int status, Object id, int code, String message) {
        ObjectNode body = Json.object().put("jsonrpc", McpSchema.JSONRPC_VERSION);
        body.set("id", Json.MAPPER.valueToTree(id));
        body.putObject("error").put("code", code).put("message", message);
        Responses.json(ctx, status, body);
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        var line = s.lines().findFirst().orElse(s);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
