package org.foundryrelay.foundry;

import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.foundryrelay.http.ClientAddresses;
import org.foundryrelay.http.Endpoints;

/**
 * Mounts the module's WebSocket at {@code /relay}, {@code /relay/} and {@code /} (upgrade requests only),
 * directly on Jetty so the relay sees protocol pongs. Upgrades without an {@code id}, or with a token in
 * the URL, are refused with HTTP 400 before any socket exists.
 */
public final class RelaySocketEndpoint implements Endpoints {
    // No capturing group: Jetty then skips its path-info lookup, which throws (and is caught) per upgrade.
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
        // the socket lives below the route table; see configure
    }

    @Override
    public void configure(JavalinConfig config) {
        config.jetty.modifyServletContextHandler(handler -> JettyWebSocketServletContainerInitializer.configure(
                handler, (context, container) -> {
                    container.setMaxTextMessageSize(maxMessage);
                    container.addMapping(PATHS, this::create);
                }));
    }

    private Object create(JettyServerUpgradeRequest req, JettyServerUpgradeResponse resp) {
        var query = req.getParameterMap();
        var id = first(query, "id");
        try {
            if (id == null || id.isBlank()) {
                resp.sendError(400, "Missing client ID");
                return null;
            }
            if (query.containsKey("token")) {
                resp.sendError(400, "Token URL parameter is not supported. Send auth as the first WebSocket message.");
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        var meta = new WorldMeta(first(query, "worldId"), first(query, "worldTitle"), first(query, "foundryVersion"),
                first(query, "systemId"), first(query, "systemTitle"), first(query, "systemVersion"),
                first(query, "customName"), WorldMeta.publicUrlFrom(req.getOrigin()));
        var socket = hub.newSocket(id, meta, ClientAddresses.host(req.getRemoteSocketAddress()));
        socket.allowMessagesUpTo(maxMessage);
        return socket;
    }

    private static String first(Map<String, List<String>> query, String name) {
        var values = query.get(name);
        if (values == null || values.isEmpty()) return null;
        var v = values.getFirst();
        return v == null || v.isEmpty() ? null : v;
    }
}
