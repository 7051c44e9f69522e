package org.foundryrelay.sim.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * {@code GET /setup} (the world list) and {@code POST /setup}: JSON {@code {action:"launchWorld",
 * world}} starts a world, {@code {shutdown:true}} returns to setup, as Foundry's setup API does.
 * There is no admin password: the simulated server's setup screen is open.
 */
final class SetupRoutes {
    private static final int MAX_BODY = 16 * 1024;

    private final FoundryFront front;

    SetupRoutes(FoundryFront front) {
        this.front = front;
    }

    void handle(HttpExchange ex) throws IOException {
        switch (ex.getRequestMethod()) {
            case "GET", "HEAD" -> page(ex);
            case "POST" -> action(ex);
            default -> Http.methodNotAllowed(ex, "GET, POST");
        }
    }

    private void page(HttpExchange ex) throws IOException {
        if (front.activeWorld().isPresent()) {
            Http.redirect(ex, "/join");
            return;
        }
        var page = front.pages().setup(front.worlds());
        Http.html(ex, 200, page.html(), page.nonce());
    }

    private void action(HttpExchange ex) throws IOException {
        byte[] body;
        try {
            body = Http.body(ex, MAX_BODY);
        } catch (Http.TooLarge e) {
            Http.text(ex, 413, "Request body too large");
            return;
        }
        var request = Http.isJson(ex) ? Http.jsonObject(body) : null;
        if (request == null) {
            error(ex, 400, "Expected a JSON object");
            return;
        }
        if (request.path("shutdown").asBoolean(false)) {
            front.shutdown();
            Http.json(ex, 200, Http.JSON.createObjectNode());
            return;
        }
        if (!"launchWorld".equals(request.path("action").asText(null))) {
            error(ex, 400, "Unsupported setup action");
            return;
        }
        var worldId = request.path("world").asText("");
        switch (front.tryLaunch(worldId)) {
            case LAUNCHED -> Http.json(ex, 200, Http.JSON.createObjectNode());
            case UNKNOWN_WORLD -> error(ex, 404, "The world " + worldId + " does not exist");
            case OTHER_WORLD_ACTIVE -> error(ex, 409, "Another world is already active; shut it down first");
        }
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        Http.json(ex, status, Http.JSON.createObjectNode().put("error", message));
    }
}
