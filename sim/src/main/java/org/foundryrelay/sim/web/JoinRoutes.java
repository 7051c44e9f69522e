package org.foundryrelay.sim.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.foundryrelay.sim.web.FoundryVersion.JoinStyle;
import org.foundryrelay.sim.world.Fixture;

/**
 * {@code GET /join} (the form), {@code POST /join} (the login), for form posts and JSON alike, and
 * {@code GET /join/users?name=…}, the autocomplete behind the strict v14 form.
 */
final class JoinRoutes {
    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_SUGGESTIONS = 10;

    private final FoundryFront front;

    JoinRoutes(FoundryFront front) {
        this.front = front;
    }

    /** The fields of a join request that matter; the password is only compared, never kept. */
    private record JoinRequest(String action, String userId, String userid, String username, String password) {
        static JoinRequest of(Map<String, String> form) {
            return new JoinRequest(form.get("action"), form.get("userId"), form.get("userid"), form.get("username"),
                    form.getOrDefault("password", ""));
        }

        static JoinRequest of(JsonNode json) {
            return new JoinRequest(text(json, "action"), text(json, "userId"), text(json, "userid"),
                    text(json, "username"), Optional.ofNullable(text(json, "password")).orElse(""));
        }

        private static String text(JsonNode json, String field) {
            var node = json.get(field);
            return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
        }
    }

    /** Which body field named the user, its value, and the user it resolved to (null if none). */
    private record Named(String field, String given, Fixture.User user) {}

    /**
     * The users whose name starts with {@code name} (any case), as the strict v14 form's autocomplete asks
     * for them while a name is typed: {@code {"users":[{"id","name","active"}]}}, at most ten, none for an
     * empty name. Only the strict v14 front has it, and only while a world runs.
     */
    void users(HttpExchange ex) throws IOException {
        var world = front.activeHostedWorld();
        if (!front.autocompleteOnly() || world.isEmpty()) {
            Http.text(ex, 404, "Not Found");
            return;
        }
        if (!ex.getRequestMethod().equals("GET")) {
            Http.methodNotAllowed(ex, "GET");
            return;
        }
        var query = ex.getRequestURI().getRawQuery();
        var typed = Http.form(query == null ? new byte[0] : query.getBytes(StandardCharsets.UTF_8))
                .getOrDefault("name", "").strip().toLowerCase(Locale.ROOT);
        var body = Http.JSON.createObjectNode();
        var users = body.putArray("users");
        if (!typed.isEmpty()) {
            world.get().world().users().stream()
                    .filter(u -> u.name().toLowerCase(Locale.ROOT).startsWith(typed))
                    .limit(MAX_SUGGESTIONS)
                    .forEach(u -> users.addObject().put("id", u.id()).put("name", u.name())
                            .put("active", front.isPresent(world.get().id(), u.id())));
        }
        Http.json(ex, 200, body);
    }

    void handle(HttpExchange ex) throws IOException {
        switch (ex.getRequestMethod()) {
            case "GET", "HEAD" -> form(ex);
            case "POST" -> join(ex);
            default -> Http.methodNotAllowed(ex, "GET, POST");
        }
    }

    private void form(HttpExchange ex) throws IOException {
        var world = front.activeHostedWorld();
        if (world.isEmpty()) {
            Http.redirect(ex, "/setup");
            return;
        }
        showForm(ex, 200, world.get(), null, null);
    }

    private void showForm(HttpExchange ex, int status, HostedWorld world, JoinError error, String previous)
            throws IOException {
        var page = front.pages().join(world, error, previous, front.autocompleteOnly(),
                userId -> front.isPresent(world.id(), userId));
        Http.html(ex, status, page.html(), page.nonce());
    }

    private void join(HttpExchange ex) throws IOException {
        boolean json = Http.isJson(ex);
        byte[] body;
        try {
            body = Http.body(ex, MAX_BODY);
        } catch (Http.TooLarge e) {
            Http.text(ex, 413, "Request body too large");
            return;
        }
        JoinRequest request;
        if (json) {
            var node = Http.jsonObject(body);
            request = node == null ? null : JoinRequest.of(node);
        } else {
            request = JoinRequest.of(Http.form(body));
        }
        var world = front.activeHostedWorld();
        if (request == null || request.action() != null && !request.action().equals("join")) {
            refuse(ex, json, world.orElse(null), null, new Named(null, null, null), JoinError.BAD_REQUEST);
            return;
        }
        if (world.isEmpty()) {
            refuse(ex, json, null, request, name(request, null), JoinError.NO_ACTIVE_WORLD);
            return;
        }
        var named = name(request, world.get());
        if (named.user() == null) {
            refuse(ex, json, world.get(), request, named, JoinError.USER_DOES_NOT_EXIST);
        } else if (!passwordMatches(named.user(), request.password())) {
            refuse(ex, json, world.get(), request, named, JoinError.INVALID_PASSWORD);
        } else {
            var session = front.login(world.get(), named.user());
            front.record(attempt(world.get(), named, json, null));
            Http.setSessionCookie(ex, session.id());
            if (json) {
                Http.json(ex, 200, Http.JSON.createObjectNode().put("request", "join").put("status", "success")
                        .put("message", "JOIN.LoginSuccess").put("redirect", "/game"));
            } else {
                Http.redirect(ex, "/game");
            }
        }
    }

    private void refuse(HttpExchange ex, boolean json, HostedWorld world, JoinRequest request, Named named,
                        JoinError error) throws IOException {
        front.record(attempt(world, named, json, error));
        int status = switch (error) {
            case BAD_REQUEST -> 400;
            case NO_ACTIVE_WORLD -> 403;
            case USER_DOES_NOT_EXIST, INVALID_PASSWORD -> 401;
        };
        if (json) {
            Http.json(ex, status, Http.JSON.createObjectNode().put("request", "join").put("status", "failed")
                    .put("error", error.code()).put("message", error.message()));
        } else if (world == null) {
            Http.redirect(ex, "/setup");
        } else {
            String previous;
            if (front.version().joinStyle() == JoinStyle.USERNAME_FIELD) {
                // The name field keeps what was typed (or the user found), never an id.
                previous = named.user() != null ? named.user().name() : request == null ? null : request.username();
            } else {
                previous = named.user() != null ? named.user().id() : named.given();
            }
            showForm(ex, status, world, error, previous);
        }
    }

    /**
     * The user a request names. Leniently any of {@code userId}, {@code userid} (both ids) or
     * {@code username} (a case-insensitive name) works, the first non-empty one in that order deciding;
     * with {@link JoinRules#VERSION_FIELDS} only the version's own fields count: {@code userid} up to v13,
     * {@code userId} or {@code username} on v14; {@link JoinRules#STRICT} reads {@code userId} alone on v14.
     */
    private Named name(JoinRequest request, HostedWorld world) {
        var rules = front.joinRules();
        boolean v14 = front.version().joinStyle() == JoinStyle.USERNAME_FIELD;
        boolean anyField = rules == JoinRules.LENIENT;
        if (present(request.userId()) && (anyField || v14)) return byId(world, "userId", request.userId());
        if (present(request.userid()) && (anyField || !v14)) return byId(world, "userid", request.userid());
        if (present(request.username()) && (anyField || v14 && rules == JoinRules.VERSION_FIELDS)) {
            return byName(world, request.username());
        }
        return new Named(null, null, null);
    }

    private static Named byId(HostedWorld world, String field, String id) {
        var user = world == null ? null : world.world().users().stream().filter(u -> u.id().equals(id)).findFirst().orElse(null);
        return new Named(field, id, user);
    }

    private static Named byName(HostedWorld world, String name) {
        Fixture.User found = null;
        if (world != null) {
            var wanted = name.strip().toLowerCase(Locale.ROOT);
            for (var user : world.world().users()) {
                if (user.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                    found = user;
                    break;
                }
            }
        }
        return new Named("username", name, found);
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }

    /** A user without a password is let in with an empty one; otherwise a constant-time comparison. */
    private static boolean passwordMatches(Fixture.User user, String given) {
        var expected = user.password() == null ? "" : user.password();
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static LoginAttempt attempt(HostedWorld world, Named named, boolean json, JoinError error) {
        var user = named.user();
        return new LoginAttempt(Instant.now(), world == null ? null : world.id(), named.field(), named.given(),
                user == null ? null : user.id(), user == null ? null : user.name(), json, error);
    }
}
