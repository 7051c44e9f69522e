package org.foundryrelay.sim.world.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import org.foundryrelay.sim.world.Caller;
import org.foundryrelay.sim.world.Channel;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Fixture.User;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.Request;
import org.foundryrelay.sim.world.WorldContext;
import org.foundryrelay.sim.world.documents.Access;
import org.foundryrelay.sim.world.documents.Ref;
import org.foundryrelay.sim.world.documents.Targets;
import org.foundryrelay.sim.world.documents.Uuids;

/**
 * The module's chat router over the world's {@code messages}: read (whispers only for their author,
 * recipients and GMs), send, delete, flush; each change pushed as a {@code chat-event} while
 * {@code chat-events} is on.
 */
public final class ChatArea {
    private static final int DEFAULT_LIMIT = 50;

    private final WorldContext context;
    private final Documents documents;

    public ChatArea(WorldContext context) {
        this.context = context;
        this.documents = context.documents();
        context.register("chat-messages", this::messages);
        context.register("chat-send", this::send);
        context.register("chat-delete", this::delete);
        context.register("chat-flush", this::flush);
    }

    /** The module's {@code serializeChatMessage}: the message as clients see it. */
    public static ObjectNode serialize(Documents documents, ObjectNode doc) {
        var id = Documents.idOf(doc);
        var o = Json.object();
        o.put("id", id);
        o.put("uuid", "ChatMessage." + id);
        o.put("content", doc.path("content").asText(""));
        o.set("speaker", doc.has("speaker") ? doc.get("speaker").deepCopy() : Json.object());
        o.put("timestamp", doc.path("timestamp").asLong());
        o.set("whisper", doc.has("whisper") ? doc.get("whisper").deepCopy() : Json.array());
        o.set("type", doc.has("type") ? doc.get("type").deepCopy() : Json.MAPPER.getNodeFactory().textNode("base"));
        var author = documents.user(doc.path("author").asText(null)).orElse(null);
        if (author == null) o.putNull("author");
        else o.putObject("author").put("id", author.id()).put("name", author.name());
        o.put("flavor", doc.path("flavor").asText(""));
        var rolls = doc.path("rolls");
        o.put("isRoll", rolls.isArray() && !rolls.isEmpty());
        o.set("rolls", rolls.isArray() ? rolls.deepCopy() : Json.array());
        o.set("flags", doc.has("flags") ? doc.get("flags").deepCopy() : Json.object());
        return o;
    }

    /** Pushes {@code {"type":"chat-event","data":{"eventType", "data"}}} if chat events are on. */
    public static void event(WorldContext context, String eventType, ObjectNode data) {
        if (!context.isOn(Channel.CHAT)) return;
        var push = Json.object();
        push.put("type", "chat-event");
        var inner = push.putObject("data");
        inner.put("eventType", eventType);
        inner.set("data", data);
        context.push(Channel.CHAT, push);
    }

    private boolean visible(ObjectNode doc, User user) {
        if (user == null || user.isGM()) return true;
        var ref = new Ref("ChatMessage", doc, documents.collection("messages"), null, "ChatMessage." + Documents.idOf(doc));
        return Access.level(documents, ref, user) > Access.NONE;
    }

    private ObjectNode messages(Request request, Caller caller) {
        var user = caller.userOrNull();
        int limit = Json.truthy(request.get("limit")) ? (int) Json.toNumber(request.get("limit")) : DEFAULT_LIMIT;
        int offset = Json.truthy(request.get("offset")) ? (int) Json.toNumber(request.get("offset")) : 0;
        var chatType = request.get("chatType");
        var speaker = Json.truthy(request.get("speaker")) ? Json.jsString(request.get("speaker")) : null;
        var kept = new ArrayList<ObjectNode>();
        for (var node : documents.collection("messages")) {
            var doc = (ObjectNode) node;
            if (!visible(doc, user)) continue;
            if (chatType.isNumber() && doc.path("style").asInt(0) != chatType.intValue()) continue;
            if (speaker != null && !speaker.equals(doc.at("/speaker/alias").asText(null))) continue;
            kept.add(doc);
        }
        kept.sort(Comparator.comparingLong((ObjectNode d) -> d.path("timestamp").asLong()).reversed());
        var reply = request.reply();
        reply.put("success", true);
        var data = reply.putObject("data");
        var list = data.putArray("messages");
        for (int i = Math.max(0, offset); i < kept.size() && list.size() < Math.max(0, limit); i++) list.add(serialize(documents, kept.get(i)));
        data.put("total", kept.size());
        data.put("offset", offset);
        data.put("limit", limit);
        return reply;
    }

    private ObjectNode send(Request request, Caller caller) {
        var author = caller.userOrNull() != null ? caller.userOrNull() : documents.gm();
        var data = Json.object();
        for (var key : new String[] {"content", "whisper", "speaker", "alias", "flavor"}) {
            if (request.body().has(key)) data.set(key, request.get(key).deepCopy());
        }
        if (Json.truthy(request.get("chatType"))) data.set("style", request.get("chatType").deepCopy());
        var reply = request.reply();
        reply.put("success", true);
        reply.set("data", create(author, data));
        return reply;
    }

    /**
     * Creates a message as {@code author} from {@code {content, whisper (user ids or names), speaker (an actor
     * or token UUID), alias, style, flavor}}, pushes its chat event and returns it as clients see it.
     */
    public ObjectNode create(User author, ObjectNode data) {
        var doc = Json.object();
        doc.put("_id", context.newId());
        doc.put("type", "base");
        doc.put("style", Json.truthy(data.get("style")) ? (int) Json.toNumber(data.get("style")) : 0);
        doc.put("author", author.id());
        doc.put("timestamp", context.now());
        doc.put("flavor", Json.truthy(data.get("flavor")) ? Json.jsString(data.get("flavor")) : "");
        doc.put("content", Json.truthy(data.get("content")) ? Json.jsString(data.get("content")) : "");
        var speaker = speaker(Json.text(data.get("speaker")), author);
        if (Json.truthy(data.get("alias"))) speaker.put("alias", Json.jsString(data.get("alias")));
        doc.set("speaker", speaker);
        var whisper = doc.putArray("whisper");
        if (data.path("whisper").isArray()) {
            for (var w : data.get("whisper")) {
                var target = Caller.resolve(documents, w).userOrNull();
                whisper.add(target != null ? target.id() : w.asText());
            }
        }
        doc.putArray("rolls");
        doc.putObject("flags");
        documents.writableCollection("messages").add(doc);
        var serialized = serialize(documents, doc);
        event(context, "create", serialized.deepCopy());
        return serialized;
    }

    /** Foundry's {@code ChatMessage.getSpeaker}: an actor's (or token's) token on the active scene, else the user. */
    private ObjectNode speaker(String uuid, User author) {
        var scene = documents.activeScene().orElse(null);
        var sceneId = scene == null ? null : scene.id();
        var ref = uuid == null ? null : Uuids.resolve(documents, uuid).orElse(null);
        var node = Json.object();
        if (ref != null && (ref.documentName().equals("Actor") || ref.documentName().equals("Token"))) {
            var actor = Targets.actorOf(documents, ref);
            String tokenId = ref.documentName().equals("Token") ? ref.id() : null;
            String alias = ref.documentName().equals("Token") ? ref.name() : null;
            if (tokenId == null && scene != null && actor != null) {
                for (var t : scene.tokens()) {
                    if (actor.id().equals(t.actorId())) {
                        tokenId = t.id();
                        alias = t.name();
                        break;
                    }
                }
            }
            putOrNull(node, "scene", tokenId != null ? sceneId : null);
            putOrNull(node, "actor", actor == null ? null : actor.id());
            putOrNull(node, "token", tokenId);
            node.put("alias", alias != null ? alias : actor == null ? author.name() : actor.name());
            return node;
        }
        putOrNull(node, "scene", sceneId);
        node.putNull("actor");
        node.putNull("token");
        node.put("alias", author.name());
        return node;
    }

    private static void putOrNull(ObjectNode node, String key, String value) {
        if (value == null) node.putNull(key);
        else node.put(key, value);
    }

    private ObjectNode delete(Request request, Caller caller) {
        var id = Json.jsString(request.get("messageId"));
        var messages = documents.writableCollection("messages");
        var doc = Documents.byId(messages, id).orElse(null);
        if (doc == null) return failure(request, "Chat message not found: " + id);
        var user = caller.userOrNull();
        if (user != null && !user.isGM() && !user.id().equals(doc.path("author").asText())) {
            return failure(request, "User '" + user.name() + "' does not have permission to delete this message");
        }
        remove(messages, doc);
        event(context, "delete", Json.object().put("id", id));
        var reply = request.reply();
        reply.put("success", true);
        reply.putObject("data").put("messageId", id);
        return reply;
    }

    private ObjectNode flush(Request request, Caller caller) {
        var user = caller.userOrNull();
        if (Access.lacksGm(user)) return failure(request, Access.notGm(user, "flush chat messages"));
        var messages = documents.writableCollection("messages");
        var ids = new ArrayList<String>();
        for (var m : messages) ids.add(Documents.idOf(m));
        messages.removeAll();
        for (var id : ids) event(context, "delete", Json.object().put("id", id));
        var reply = request.reply();
        reply.put("success", true);
        reply.putObject("data").put("message", "All chat messages have been deleted");
        return reply;
    }

    private static void remove(ArrayNode array, ObjectNode doc) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i) == doc) {
                array.remove(i);
                return;
            }
        }
    }

    private static ObjectNode failure(Request request, String error) {
        var reply = request.reply();
        reply.put("success", false);
        reply.put("error", error);
        return reply;
    }
}
