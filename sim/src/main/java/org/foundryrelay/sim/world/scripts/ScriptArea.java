package org.foundryrelay.sim.world.scripts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.foundryrelay.sim.world.Caller;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Fixture;
import org.foundryrelay.sim.world.Fixture.User;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.Request;
import org.foundryrelay.sim.world.Settings;
import org.foundryrelay.sim.world.WorldContext;
import org.foundryrelay.sim.world.chat.ChatArea;
import org.foundryrelay.sim.world.documents.Access;
import org.foundryrelay.sim.world.documents.Ref;
import org.foundryrelay.sim.world.documents.Serial;
import org.foundryrelay.sim.world.documents.Uuids;

/**
 * The module's macro router ({@code macros}, {@code macro-execute}) and {@code execute-js}, both gated by
 * the world's module settings as the module gates them.
 */
public final class ScriptArea {
    private static final String JS_DISABLED = "execute-js is disabled in REST API module settings. A GM must enable it to allow JavaScript execution.";
    private static final String MACRO_DISABLED = "macro-execute is disabled in REST API module settings. A GM must enable it to allow macro execution.";

    private final Documents documents;
    private final Fixture.Meta meta;
    private final ChatArea chat;

    public ScriptArea(WorldContext context, Fixture.Meta meta, ChatArea chat) {
        this.documents = context.documents();
        this.meta = meta;
        this.chat = chat;
        context.register("execute-js", this::executeJs);
        context.register("macros", this::macros);
        context.register("macro-execute", this::executeMacro);
    }

    private ObjectNode executeJs(Request request, Caller caller) {
        var user = caller.userOrNull();
        if (!Settings.enabled(documents, "allowExecuteJs")) return failure(request.reply(), JS_DISABLED);
        int minimum = Settings.number(documents, "codeExecutionPermission", Fixture.ROLE_GAMEMASTER);
        if (user != null && user.role() < minimum) {
            return failure(request.reply(), "User " + user.name() + " does not have permission to execute code (requires role " + minimum + "+)");
        }
        var script = Json.text(request.get("script"));
        if (script == null || script.isBlank()) return failure(request.reply(), "Invalid script provided");
        if (script.contains("foundry-rest-api") && script.matches("(?s).*\\.set\\s*\\(.*")) {
            return failure(request.reply(), "Scripts cannot modify REST API module settings");
        }
        try {
            var result = Scripts.run(script, snapshot(user), Json.object(), data -> chat.create(author(user), data));
            var reply = request.reply();
            reply.put("success", true);
            reply.set("result", result);
            return reply;
        } catch (Scripts.ScriptFailure e) {
            return failure(request.reply(), "Error executing script: " + e.getMessage());
        }
    }

    private ObjectNode macros(Request request, Caller caller) {
        var user = caller.userOrNull();
        var reply = request.reply();
        var list = reply.putArray("macros");
        var collection = documents.collection("macros");
        for (var node : collection) {
            var doc = (ObjectNode) node;
            var ref = new Ref("Macro", doc, collection, null, Uuids.of("Macro", doc));
            if (Access.level(documents, ref, user) < Access.LIMITED) continue;
            var m = list.addObject();
            m.put("uuid", ref.uuid());
            m.put("id", ref.id());
            m.put("name", ref.name());
            m.put("type", doc.path("type").asText("script"));
            m.put("author", documents.user(doc.path("author").asText(null)).map(User::name).orElse("unknown"));
            m.put("command", doc.path("command").asText(""));
            m.set("img", doc.path("img").isTextual() ? doc.get("img").deepCopy() : Json.MAPPER.nullNode());
            m.put("scope", doc.path("scope").asText("global"));
            // evaluated in the GM's browser, where every macro can run
            m.put("canExecute", true);
        }
        return reply;
    }

    private ObjectNode executeMacro(Request request, Caller caller) {
        var user = caller.userOrNull();
        var uuid = Json.text(request.get("uuid"));
        var reply = request.reply();
        if (uuid != null) reply.put("uuid", uuid);
        if (!Settings.enabled(documents, "allowMacroExecute")) return failure(reply, MACRO_DISABLED);
        if (uuid == null || uuid.isEmpty()) return failure(reply, "Macro UUID is required");
        var ref = Uuids.resolve(documents, uuid).orElse(null);
        if (ref == null) return failure(reply, "Macro not found with UUID: " + uuid);
        if (!ref.documentName().equals("Macro")) return failure(reply, "Entity with UUID " + uuid + " is not a macro");
        if (user != null && Access.level(documents, ref, user) < Access.OWNER) return failure(reply, Access.noPermission(user, "execute", ref));
        JsonNode result;
        if (ref.doc().path("type").asText("script").equals("chat")) {
            result = chat.create(author(user), Json.object().put("content", ref.doc().path("command").asText("")));
        } else {
            try {
                result = Scripts.run(ref.doc().path("command").asText(""), snapshot(user), request.get("args"),
                        data -> chat.create(author(user), data));
            } catch (Scripts.ScriptFailure e) {
                return failure(reply, "Error executing macro: " + e.getMessage());
            }
        }
        reply.put("success", true);
        if (result.isObject() || result.isArray()) reply.set("result", result);
        else reply.putObject("result").set("value", result);
        return reply;
    }

    private User author(User user) {
        return user != null ? user : documents.gm();
    }

    /** What {@code game} shows a script: the world as the GM's browser sees it. */
    private ObjectNode snapshot(User user) {
        var world = Json.object();
        world.putObject("world").put("id", meta.worldId()).put("title", meta.worldTitle());
        world.putObject("system").put("id", meta.systemId()).put("title", meta.systemTitle()).put("version", meta.systemVersion());
        world.put("version", meta.foundryVersion());
        var users = world.putArray("users");
        for (var u : documents.collection("users")) {
            var copy = Serial.toObject((ObjectNode) u);
            copy.put("isGM", u.path("role").asInt() >= Fixture.ROLE_ASSISTANT);
            users.add(copy);
        }
        var current = user != null ? user : documents.gm();
        world.putObject("user").put("id", current.id()).put("name", current.name()).put("role", current.role())
                .put("isGM", current.isGM());
        for (var key : new String[] {"actors", "scenes", "folders", "items", "journal", "macros", "playlists"}) {
            var out = world.putArray(key);
            for (var d : documents.collection(key)) out.add(Serial.toObject((ObjectNode) d));
        }
        var messages = world.putArray("messages");
        for (var m : documents.collection("messages")) messages.add(ChatArea.serialize(documents, (ObjectNode) m));
        return world;
    }

    private static ObjectNode failure(ObjectNode reply, String error) {
        reply.put("success", false);
        reply.put("error", error);
        return reply;
    }
}
