package org.foundryrelay.http;

import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;

/** A feature's HTTP (and WebSocket) endpoints, registered on the one server by the composition root. */
@FunctionalInterface
public interface Endpoints {
    void register(RoutesConfig routes);

    /** For features that need the server below the route table (such as a raw WebSocket mapping). */
    default void configure(JavalinConfig config) {}

    /** The API endpoints this feature serves, for the OpenAPI document (pages for browsers are left out). */
    default java.util.List<ApiDoc> documented() {
        return java.util.List.of();
    }
}
