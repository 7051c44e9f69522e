package org.foundryrelay.clientapi;

import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.foundryrelay.http.Endpoints;

/**
 * Mounts the client WebSocket at {@code /ws/api}, directly on Jetty (as the module's {@code /relay} is),
 * so the relay controls pings, message sizes and back-pressure itself. The key may come in the upgrade
 * (the {@code x-api-key} header, or {@code ?token=} as older clients send it) or as the first message.
 */
public final class ClientApiEndpoint implements Endpoints {
    private final ClientApi api;

    public ClientApiEndpoint(ClientApi api) {
        this.api = api;
    }

    @Override
    public void register(RoutesConfig routes) {
        // the socket lives below the route table; see configure
    }

    @Override
    public void configure(JavalinConfig config) {
        config.jetty.modifyServletContextHandler(handler -> JettyWebSocketServletContainerInitializer.configure(
                handler, (context, container) -> container.addMapping("/ws/api", this::create)));
    }

    private Object create(JettyServerUpgradeRequest req, JettyServerUpgradeResponse resp) {
        var query = req.getParameterMap();
        var key = req.getHeader("x-api-key");
        if (key == null || key.isBlank()) key = first(query, "token");
        // The address as HTTP requests see it (resolved behind a trusted proxy), so both share one failure budget.
        return api.newSocket(key, first(query, "clientId"), req.getHttpServletRequest().getRemoteAddr());
    }

    private static String first(Map<String, List<String>> query, String name) {
        var values = query.get(name);
        if (values == null || values.isEmpty()) return null;
        var v = values.getFirst();
        return v == null || v.isBlank() ? null : v;
    }
}
