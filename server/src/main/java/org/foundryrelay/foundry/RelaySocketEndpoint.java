package org.foundryrelay.foundry;

import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import org.foundryrelay.http.ClientAddresses;
import org.foundryrelay.http.Endpoints;

/**
 * Mounts the module's WebSocket at {@code /relay}, {@code /relay/} and {@code /} (upgrade requests only) on
 * Jetty's WebSocket core, in front of Javalin's servlet context: a world's connect skips the servlet request,
 * session and filter chain a servlet upgrade goes through, and the socket ({@link WorldSocket}) handles frames
 * itself, protocol pongs included. Every other request, including a plain GET on these paths, passes on to
 * Javalin's routes. Upgrades without an {@code id}, with a token in the URL or with a malformed query are
 * refused with HTTP 400 (JSON, from the server's error handler) before any socket exists. No extension is
 * accepted: permessage-deflate, which browsers offer, is declined.
 */
public final class RelaySocketEndpoint implements Endpoints {
    private static final String PATHS = "regex|^/(?:relay/?)?$";
    private static final long MIN_MESSAGE = WorldSocket.MAX_MESSAGE_BYTES;
    /** The query parameters the socket reads; any others are skipped undecoded. */
    private static final List<String> PARAMETERS = List.of("id", "token", "worldId", "worldTitle", "foundryVersion",
            "systemId", "systemTitle", "systemVersion", "customName");
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
        config.jetty.modifyServer(server -> {
            var upgrades = new WebSocketUpgradeHandler(WebSocketServerComponents.ensureWebSocketComponents(server),
                    h -> h.addMapping(PATHS, this::create));
            upgrades.setHandler((Handler) null); // its own fallback gives way to Javalin's
            server.insertHandler(upgrades);
        });
    }

    private WorldSocket create(ServerUpgradeRequest req, ServerUpgradeResponse resp, Callback callback) {
        Map<String, String> query;
        try {
            query = query(req.getHttpURI().getQuery());
        } catch (IllegalArgumentException e) {
            return refuse(req, resp, callback, "Malformed query string");
        }
        var id = first(query, "id");
        if (id == null || id.isBlank()) return refuse(req, resp, callback, "Missing client ID");
        if (query.containsKey("token")) {
            return refuse(req, resp, callback, "Token URL parameter is not supported. Send auth as the first WebSocket message.");
        }
        var meta = new WorldMeta(first(query, "worldId"), first(query, "worldTitle"), first(query, "foundryVersion"),
                first(query, "systemId"), first(query, "systemTitle"), first(query, "systemVersion"),
                first(query, "customName"), WorldMeta.publicUrlFrom(req.getHeaders().get(HttpHeader.ORIGIN)));
        // The request's address: behind a trusted proxy, the forwarded client's (see ClientAddresses).
        var socket = hub.newSocket(id, meta, ClientAddresses.host(req.getConnectionMetaData().getRemoteSocketAddress()));
        socket.allowMessagesUpTo(maxMessage);
        // Browsers offer permessage-deflate. Accepted, it holds zlib state on every world's socket for the
        // socket's life (1,000 worlds took 106 MB of RSS with it, 15 MB without), and costs CPU on every
        // message, mostly small JSON. The module works the same without it.
        resp.setExtensions(List.of());
        return socket;
    }

    // A negotiator that returns no socket answers the request itself.
    private static WorldSocket refuse(Request req, Response resp, Callback callback, String message) {
        Response.writeError(req, resp, callback, 400, message);
        return null;
    }

    /**
     * The query's parameters the socket reads, each with its first value, decoded as a form would be. Names are
     * matched as sent and only those values are decoded: a world connects with a handful, and a reconnect storm
     * brings thousands at once (Jetty parses the whole query again later, for its own use).
     *
     * @throws IllegalArgumentException when one of those values holds a malformed escape
     */
    static Map<String, String> query(String raw) {
        var found = new HashMap<String, String>();
        if (raw == null) return found;
        for (int start = 0; start <= raw.length(); ) {
            int end = raw.indexOf('&', start);
            if (end < 0) end = raw.length();
            int eq = raw.indexOf('=', start);
            if (eq < 0 || eq > end) eq = end;
            for (var name : PARAMETERS) {
                if (eq - start == name.length() && raw.startsWith(name, start)) {
                    found.putIfAbsent(name, eq == end ? "" : decode(raw.substring(eq + 1, end)));
                    break;
                }
            }
            start = end + 1;
        }
        return found;
    }

    private static String decode(String value) {
        return value.indexOf('%') < 0 && value.indexOf('+') < 0 ? value : URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String first(Map<String, String> query, String name) {
        var v = query.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
