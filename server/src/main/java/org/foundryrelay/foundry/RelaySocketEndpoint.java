package org.foundryrelay.foundry;

import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.foundryrelay.http.ClientAddresses;
import org.foundryrelay.http.Endpoints;

/**
 * Mounts the module's WebSocket at {@code /relay}, {@code /relay/} and {@code /} (upgrade requests only) on
 * Jetty's core upgrade handler, in front of Javalin's servlet context: a world's connect skips the servlet
 * request, session and filter chain a servlet upgrade goes through, and the socket sees protocol pongs. Every
 * other request, including a plain GET on these paths, passes on to Javalin's routes. Upgrades without an
 * {@code id}, or with a token in the URL, are refused with HTTP 400 (JSON, from the server's error handler)
 * before any socket exists.
 */
public final class RelaySocketEndpoint implements Endpoints {
    private static final String PATHS = "regex|^/(?:relay/?)?$";
    private static final long MIN_MESSAGE = WorldSocket.MAX_MESSAGE_BYTES;
    private final WorldHub hub;
    private final long maxMessage;

    /**
     * @param largestFile the largest file a world may send back whole (an upload's limit): its base64 text
     *                    must fit in one message, or a download would end the world's connection
     */
    public RelaySocketEndpoint(WorldHub hub, long largestFile) {
        this.hub = hub;
        this.maxMessage = Math.max(MIN_MESSAGE, largestFile / 3 * 4 + 1024 * 1024);
    }

    @Override
    public void register(RoutesConfig routes) {
        // the socket lives in front of the route table; see configure
    }

    @Override
    public void configure(JavalinConfig config) {
        // First in the server's chain; Javalin then attaches its servlet context at the chain's end.
        config.jetty.modifyServer(server -> server.insertHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(maxMessage);
            container.addMapping(PATHS, this::create);
        })));
    }

    private Object create(ServerUpgradeRequest req, ServerUpgradeResponse resp, Callback callback) {
        var query = Request.extractQueryParameters(req);
        var id = first(query, "id");
        if (id == null || id.isBlank()) return refuse(req, resp, callback, "Missing client ID");
        if (query.get("token") != null) {
            return refuse(req, resp, callback, "Token URL parameter is not supported. Send auth as the first WebSocket message.");
        }
        var meta = new WorldMeta(first(query, "worldId"), first(query, "worldTitle"), first(query, "foundryVersion"),
                first(query, "systemId"), first(query, "systemTitle"), first(query, "systemVersion"),
                first(query, "customName"), WorldMeta.publicUrlFrom(req.getHeaders().get(HttpHeader.ORIGIN)));
        // The request's address: behind a trusted proxy, the forwarded client's (see ClientAddresses).
        var socket = hub.newSocket(id, meta, ClientAddresses.host(req.getConnectionMetaData().getRemoteSocketAddress()));
        socket.allowMessagesUpTo(maxMessage);
        return socket;
    }

    // A creator that returns no socket answers the request itself.
    private static Object refuse(Request req, Response resp, Callback callback, String message) {
        Response.writeError(req, resp, callback, 400, message);
        return null;
    }

    private static String first(Fields query, String name) {
        var v = query.getValue(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
