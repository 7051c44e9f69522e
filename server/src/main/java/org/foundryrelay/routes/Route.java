package org.foundryrelay.routes;

import java.util.List;
import org.foundryrelay.auth.Scope;

/**
 * One REST endpoint forwarded to a world: a row of the route table. The generic handler, the docs and the
 * OpenAPI description are all derived from these rows.
 *
 * @param messageType   the {@code type} of the message sent to the module (it answers {@code <type>-result})
 * @param timeoutMillis how long to wait for the world's answer; 0 means the relay's default
 * @param group         the docs section the route belongs to
 */
public record Route(
        String method,
        String path,
        String messageType,
        Scope scope,
        List<Param> params,
        long timeoutMillis,
        String group,
        String summary) {}
