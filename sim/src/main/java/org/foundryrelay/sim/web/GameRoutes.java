package org.foundryrelay.sim.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Optional;

/**
 * The game page and its bridge to the Java world. All of it requires the {@code session} cookie of a
 * login to the running world; the message and player-list endpoints also require a full Gamemaster,
 * since only a GM page runs the module's relay connection.
 */
final class GameRoutes {
    /** The relay accepts messages of several megabytes (documents, images as data URLs). */
    private static final int MAX_MESSAGE = 16 * 1024 * 1024;

    private final FoundryFront front;

    GameRoutes(FoundryFront front) {
        this.front = front;
    }

    /** The session and world of a valid login, or empty when the request has none. */
    private record Login(Session session, HostedWorld world) {}

    private Optional<Login> login(HttpExchange ex) {
        return front.session(ex).flatMap(s -> front.activeHostedWorld()
                .filter(w -> w.id().equals(s.worldId()))
                .map(w -> new Login(s, w)));
    }

    void page(HttpExchange ex) throws IOException {
        if (!isGet(ex)) return;
        var login = login(ex);
        if (login.isEmpty()) {
            Http.redirect(ex, "/join");
            return;
        }
        var page = front.pages().game(login.get().world(), login.get().session());
        Http.html(ex, 200, page.html(), page.nonce());
    }

    /** {@code POST /bridge/message}: one relay message in, the lines to send back out (NDJSON). */
    void message(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            Http.methodNotAllowed(ex, "POST");
            return;
        }
        var login = gmLogin(ex);
        if (login == null) return;
        byte[] body;
        try {
            body = Http.body(ex, MAX_MESSAGE);
        } catch (Http.TooLarge e) {
            Http.text(ex, 413, "Message too large");
            return;
        }
        var message = Http.jsonObject(body);
        if (message == null) {
            Http.text(ex, 400, "Expected a JSON object");
            return;
        }
        front.bridged(message.path("type").asText(""));
        var out = new StringBuilder();
        for (var node : front.streams().handle(login.world().world(), message)) out.append(Http.write(node)).append('\n');
        Http.send(ex, 200, "application/x-ndjson; charset=utf-8", out.toString());
    }

    /** {@code GET /bridge/player-list}: the world's {@code player-list} message. */
    void playerList(HttpExchange ex) throws IOException {
        if (!isGet(ex)) return;
        var login = gmLogin(ex);
        if (login != null) Http.json(ex, 200, login.world().world().playerList());
    }

    /** {@code GET /bridge/events}: the page's event stream (any logged-in user). */
    void events(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("GET")) {
            Http.methodNotAllowed(ex, "GET");
            return;
        }
        var login = login(ex);
        if (login.isEmpty()) {
            Http.text(ex, 401, "Not logged in");
            return;
        }
        front.streams().serve(ex, login.get().session());
    }

    /** The login if it is a full GM's; otherwise answers 401/403 and returns null. */
    private Login gmLogin(HttpExchange ex) throws IOException {
        var login = login(ex);
        if (login.isEmpty()) {
            Http.text(ex, 401, "Not logged in");
            return null;
        }
        if (!login.get().session().isFullGm()) {
            Http.text(ex, 403, "Only a Gamemaster's page runs the relay connection");
            return null;
        }
        return login.get();
    }

    private static boolean isGet(HttpExchange ex) throws IOException {
        if (ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD")) return true;
        Http.methodNotAllowed(ex, "GET");
        return false;
    }
}
