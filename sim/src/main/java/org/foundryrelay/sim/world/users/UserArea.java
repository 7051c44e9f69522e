package org.foundryrelay.sim.world.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.foundryrelay.sim.world.Caller;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Fixture;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.Request;
import org.foundryrelay.sim.world.WorldContext;
import org.foundryrelay.sim.world.documents.Access;
import org.foundryrelay.sim.world.documents.Serial;

/** The module's user router ({@code get-users}, {@code get-user}, user CRUD, {@code players}) and {@code world-info}. */
public final class UserArea {
    private final WorldContext context;
    private final Documents documents;
    private final Fixture.Meta meta;
    private final Runnable usersChanged;

    /** @param usersChanged sends the module's {@code player-list} to the relay, as the module does after user changes */
    public UserArea(WorldContext context, Fixture.Meta meta, Runnable usersChanged) {
        this.context = context;
        this.documents = context.documents();
        this.meta = meta;
        this.usersChanged = usersChanged;
        context.register("get-users", this::list);
        context.register("get-user", this::get);
        context.register("create-user", this::create);
        context.register("update-user", this::update);
        context.register("delete-user", this::delete);
        context.register("players", this::players);
        context.register("world-info", this::worldInfo);
    }

    private static ObjectNode gmOnly(Request request, Caller caller, String operation) {
        var user = caller.userOrNull();
        return Access.lacksGm(user) ? request.error(Access.notGm(user, operation)) : null;
    }

    /** {@code {id, name, role, isGM, active, color, avatar, character}}; the character is the actor itself. */
    private ObjectNode user(JsonNode doc) {
        var o = brief(doc);
        var character = doc.path("character").asText(null);
        var actor = character == null ? null : Documents.byId(documents.collection("actors"), character).orElse(null);
        o.set("character", actor == null ? Json.MAPPER.nullNode() : Serial.toObject(actor));
        return o;
    }

    private static ObjectNode brief(JsonNode doc) {
        var o = Json.object();
        o.put("id", Documents.idOf(doc));
        o.put("name", doc.path("name").asText());
        int role = doc.path("role").asInt(1);
        o.put("role", role);
        o.put("isGM", role >= Fixture.ROLE_ASSISTANT);
        o.put("active", doc.path("active").asBoolean(false));
        o.set("color", doc.path("color").isTextual() ? doc.get("color").deepCopy() : Json.MAPPER.nullNode());
        o.set("avatar", doc.path("avatar").isTextual() ? doc.get("avatar").deepCopy() : Json.MAPPER.nullNode());
        return o;
    }

    private ObjectNode find(JsonNode id, JsonNode name) {
        var users = documents.collection("users");
        if (Json.truthy(id)) return Documents.byId(users, Json.jsString(id)).orElse(null);
        if (!Json.truthy(name)) return null;
        var lower = Json.jsString(name).toLowerCase(Locale.ROOT);
        for (var u : users) if (u.path("name").asText().toLowerCase(Locale.ROOT).equals(lower)) return (ObjectNode) u;
        return null;
    }

    private ObjectNode list(Request request, Caller caller) {
        var refused = gmOnly(request, caller, "list users");
        if (refused != null) return refused;
        var reply = request.reply();
        var data = reply.putArray("data");
        for (var u : documents.collection("users")) data.add(user(u));
        return reply;
    }

    private ObjectNode get(Request request, Caller caller) {
        var refused = gmOnly(request, caller, "get user");
        if (refused != null) return refused;
        var found = find(request.get("id"), request.get("name"));
        var reply = request.reply();
        if (found == null) {
            reply.put("error", "User not found");
            reply.putNull("data");
            return reply;
        }
        reply.set("data", user(found));
        return reply;
    }

    private ObjectNode create(Request request, Caller caller) {
        var refused = gmOnly(request, caller, "create users");
        if (refused != null) return refused;
        var name = Json.truthy(request.get("name")) ? Json.jsString(request.get("name")) : null;
        if (name == null) return request.error("User name is required");
        if (find(null, request.get("name")) != null) return request.error("Failed to create user");
        var users = documents.writableCollection("users");
        var doc = Json.object();
        doc.put("_id", context.newId());
        doc.put("name", name);
        doc.put("role", Json.truthy(request.get("role")) ? (int) Json.toNumber(request.get("role")) : Fixture.ROLE_PLAYER);
        doc.put("password", Json.truthy(request.get("password")) ? Json.jsString(request.get("password")) : "");
        doc.put("active", false);
        if (Json.truthy(request.get("character"))) doc.put("character", Json.jsString(request.get("character")));
        else doc.putNull("character");
        doc.putNull("color");
        doc.putNull("avatar");
        doc.putObject("permissions");
        users.add(doc);
        documents.write();
        usersChanged.run();
        var reply = request.reply();
        reply.set("data", user(doc));
        return reply;
    }

    private ObjectNode update(Request request, Caller caller) {
        var refused = gmOnly(request, caller, "update users");
        if (refused != null) return refused;
        documents.write();
        var found = find(request.get("id"), request.get("name"));
        if (found == null) return request.error("User not found");
        if (!(request.get("data") instanceof ObjectNode data)) return request.error("Update data is required");
        var role = data.get("role");
        if (role != null && Json.toNumber(role) < Fixture.ROLE_ASSISTANT && found.path("role").asInt() >= Fixture.ROLE_ASSISTANT
                && gmCount() <= 1) {
            return request.error("Cannot demote the last GM user");
        }
        for (var key : new String[] {"name", "role", "password", "color", "avatar", "character"}) {
            if (data.has(key)) found.set(key, data.get(key).deepCopy());
        }
        documents.write();
        usersChanged.run();
        var reply = request.reply();
        reply.set("data", user(found));
        return reply;
    }

    private ObjectNode delete(Request request, Caller caller) {
        var refused = gmOnly(request, caller, "delete users");
        if (refused != null) return refused;
        var users = documents.writableCollection("users");
        var found = find(request.get("id"), request.get("name"));
        if (found == null) return failure(request, "User not found");
        if (Documents.idOf(found).equals(documents.gm().id())) return failure(request, "Cannot delete the currently active GM user");
        if (found.path("role").asInt() >= Fixture.ROLE_ASSISTANT && gmCount() <= 1) return failure(request, "Cannot delete the last GM user");
        for (int i = 0; i < users.size(); i++) {
            if (users.get(i) == found) {
                users.remove(i);
                break;
            }
        }
        documents.write();
        usersChanged.run();
        var reply = request.reply();
        reply.put("success", true);
        return reply;
    }

    private static ObjectNode failure(Request request, String error) {
        var reply = request.reply();
        reply.put("success", false);
        reply.put("error", error);
        return reply;
    }

    private int gmCount() {
        int n = 0;
        for (var u : documents.collection("users")) if (u.path("role").asInt() >= Fixture.ROLE_ASSISTANT) n++;
        return n;
    }

    private ObjectNode players(Request request, Caller caller) {
        var reply = request.reply();
        var users = reply.putArray("users");
        if (Access.lacksGm(caller.userOrNull())) return reply;
        for (var u : documents.collection("users")) users.add(brief(u));
        return reply;
    }

    private ObjectNode worldInfo(Request request, Caller caller) {
        var reply = request.reply();
        var data = reply.putObject("data");
        data.putObject("world").put("id", meta.worldId()).put("title", meta.worldTitle());
        data.putObject("system").put("id", meta.systemId()).put("title", meta.systemTitle()).put("version", meta.systemVersion());
        data.put("foundryVersion", meta.foundryVersion());
        var modules = data.putArray("modules");
        for (var m : documents.collection("modules")) modules.add(m.deepCopy());
        var users = data.putArray("users");
        for (var u : documents.collection("users")) users.add(brief(u));
        var scene = documents.activeScene().orElse(null);
        if (scene == null) data.putNull("activeScene");
        else data.putObject("activeScene").put("id", scene.id()).put("name", scene.name());
        return reply;
    }
}
