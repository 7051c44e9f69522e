package org.foundryrelay.sim.world.documents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.foundryrelay.sim.world.Caller;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Fixture.User;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.Request;
import org.foundryrelay.sim.world.Selection;
import org.foundryrelay.sim.world.Settings;
import org.foundryrelay.sim.world.WorldContext;

/** The module's entity router, part one: {@code entity}, {@code create}, {@code update}, {@code delete}. */
public final class EntityArea {
    private static final String MACRO_DISABLED = "Macro %s is disabled in REST API module settings. A GM must enable 'Allow Macro Creation/Editing' to allow this.";
    /** Foundry's default role for each document-creation permission; other types need a GM. */
    private static final Map<String, Integer> CREATE_ROLE = Map.of("ACTOR_CREATE", 3, "ITEM_CREATE", 3, "CARDS_CREATE", 3);

    private final WorldContext context;
    private final Documents documents;
    private final Selection selection;

    public EntityArea(WorldContext context, Selection selection) {
        this.context = context;
        this.documents = context.documents();
        this.selection = selection;
        context.register("entity", this::get);
        context.register("create", this::create);
        context.register("update", this::update);
        context.register("delete", this::delete);
    }

    private ObjectNode get(Request request, Caller caller) {
        var user = caller.userOrNull();
        var uuid = Json.text(request.get("uuid"));
        if (Json.truthy(request.get("selected"))) {
            var tokens = Targets.selectedTokens(documents, selection);
            if (tokens.isEmpty()) return notFound(request, uuid, "Entity not found");
            boolean actor = Json.truthy(request.get("actor"));
            var data = Json.array();
            String last = null;
            for (var token : tokens) {
                var ref = actor ? Targets.actorOf(documents, token) : token;
                if (ref == null) continue;
                var node = Access.serialize(documents, ref, user);
                if (node != null) data.add(node);
                last = ref.uuid();
            }
            var reply = request.reply();
            putText(reply, "uuid", last);
            reply.set("data", data);
            return reply;
        }
        var ref = Uuids.resolve(documents, uuid).orElse(null);
        if (ref == null) return notFound(request, uuid, "Entity not found");
        var data = Access.serialize(documents, ref, user);
        if (data == null) return notFound(request, uuid, "User '" + user.name() + "' does not have permission to view this entity");
        var reply = request.reply();
        reply.put("uuid", ref.uuid());
        reply.set("data", data);
        return reply;
    }

    private static ObjectNode notFound(Request request, String uuid, String error) {
        var reply = request.reply();
        putText(reply, "uuid", uuid);
        reply.put("error", error);
        reply.putNull("data");
        return reply;
    }

    private ObjectNode create(Request request, Caller caller) {
        var user = caller.userOrNull();
        var type = Json.jsString(request.get("entityType"));
        var collectionName = Uuids.WORLD.get(type);
        if (collectionName == null || type.equals("User") || type.equals("Folder")) {
            return failed(request, "Invalid entity type: " + type);
        }
        if (type.equals("Macro")) {
            var refusal = macroRefusal(request, "creation", "create");
            if (refusal != null) return request.error(refusal);
        }
        var permission = type.toUpperCase(Locale.ROOT) + "_CREATE";
        if (user != null && !user.isGM() && user.role() < CREATE_ROLE.getOrDefault(permission, Integer.MAX_VALUE)) {
            return failed(request, "User '" + user.name() + "' does not have permission to create " + type + " documents");
        }
        if (!(request.get("data") instanceof ObjectNode data)) return failed(request, "Failed to create entity");
        var collection = documents.writableCollection(collectionName);
        var givenId = Json.text(data.get("_id"));
        String id = givenId != null && Json.truthy(request.get("keepId")) ? givenId : context.newId();
        var existing = Documents.byId(collection, id);
        if (existing.isPresent()) {
            if (!Json.truthy(request.get("override"))) {
                return failed(request, "Entity with ID '" + id + "' already exists. Set override=true to replace it.");
            }
            var ref = new Ref(type, existing.get(), collection, null, type + "." + id);
            if (user != null && Access.level(documents, ref, user) < Access.OWNER) {
                return failed(request, "User '" + user.name() + "' does not have permission to modify " + type + " '" + id + "'");
            }
            Serial.merge(existing.get(), data);
            existing.get().set("folder", folderValue(request));
            return created(request, ref);
        }
        var doc = Json.object();
        doc.put("_id", id);
        Serial.merge(doc, data);
        if (!doc.has("name")) doc.put("name", "New " + type);
        doc.set("folder", folderValue(request));
        if (type.equals("Actor")) {
            if (!doc.has("items")) doc.putArray("items");
            if (!doc.has("effects")) doc.putArray("effects");
        }
        if (!doc.has("ownership")) {
            var ownership = doc.putObject("ownership");
            ownership.put("default", 0);
            ownership.put(user != null ? user.id() : documents.gm().id(), Access.OWNER);
        }
        if (!doc.has("flags")) doc.putObject("flags");
        collection.add(doc);
        return created(request, new Ref(type, doc, collection, null, type + "." + id));
    }

    private static com.fasterxml.jackson.databind.JsonNode folderValue(Request request) {
        var folder = request.get("folder");
        return Json.truthy(folder) ? folder.deepCopy() : Json.MAPPER.getNodeFactory().nullNode();
    }

    private ObjectNode created(Request request, Ref ref) {
        var reply = request.reply();
        reply.put("uuid", ref.uuid());
        reply.set("entity", Serial.toObject(ref.doc()));
        return reply;
    }

    private static ObjectNode failed(Request request, String error) {
        var reply = request.error(error);
        reply.put("message", "Failed to create entity");
        return reply;
    }

    /** The settings gate and the scope check the module applies to macro writes; null when allowed. */
    private String macroRefusal(Request request, String noun, String verb) {
        if (!Settings.enabled(documents, "allowMacroWrite")) return MACRO_DISABLED.formatted(noun);
        var scopes = request.get("_scopes");
        if (scopes.isArray()) {
            for (var s : scopes) if (s.asText().equals("macro:write")) return null;
            return "macro:write scope is required to " + verb + " macros";
        }
        return null;
    }

    private List<Ref> targets(Request request) {
        documents.write();
        if (Json.truthy(request.get("selected"))) {
            var tokens = Targets.selectedTokens(documents, selection);
            if (Json.truthy(request.get("actor"))) return tokens.stream().map(t -> Targets.actorOf(documents, t)).filter(r -> r != null).toList();
            return tokens;
        }
        return Uuids.resolve(documents, Json.text(request.get("uuid"))).map(List::of).orElse(List.of());
    }

    private ObjectNode update(Request request, Caller caller) {
        var user = caller.userOrNull();
        var uuid = Json.text(request.get("uuid"));
        var refs = targets(request);
        if (refs.isEmpty()) return writeError(request, uuid, "Entity not found: " + Json.jsString(request.get("uuid")), "Failed to update entity");
        if (!(request.get("data") instanceof ObjectNode data)) return writeError(request, uuid, "Update data is required", "Failed to update entity");
        for (var ref : refs) {
            var refusal = writeRefusal(request, ref, user, "editing", "update");
            if (refusal != null) return writeError(request, uuid, refusal, null);
        }
        var entities = Json.array();
        for (var ref : refs) {
            Serial.merge(ref.doc(), data);
            entities.add(Serial.toObject(ref.doc()));
        }
        var reply = request.reply();
        putText(reply, "uuid", uuid);
        reply.set("entity", entities);
        return reply;
    }

    private ObjectNode delete(Request request, Caller caller) {
        var user = caller.userOrNull();
        var uuid = Json.text(request.get("uuid"));
        var refs = targets(request);
        if (refs.isEmpty()) return writeError(request, uuid, "Entity not found: " + Json.jsString(request.get("uuid")), "Failed to delete entity");
        for (var ref : refs) {
            var refusal = writeRefusal(request, ref, user, "deletion", "delete");
            if (refusal != null) return writeError(request, uuid, refusal, null);
        }
        for (var ref : refs) {
            if (ref.inCompendium()) return writeError(request, uuid, "Cannot delete compendium entries", null);
            ref.remove();
            if (ref.documentName().equals("Folder")) unfile(ref.id());
        }
        var reply = request.reply();
        putText(reply, "uuid", uuid);
        reply.put("success", true);
        return reply;
    }

    // Foundry moves a deleted folder's documents and sub-folders to the root.
    private void unfile(String folderId) {
        for (var collection : Uuids.WORLD.values()) {
            for (var doc : documents.collection(collection)) {
                if (doc instanceof ObjectNode o && folderId.equals(o.path("folder").asText(null))) o.putNull("folder");
            }
        }
    }

    private String writeRefusal(Request request, Ref ref, User user, String noun, String verb) {
        if (ref.documentName().equals("Macro")) {
            var refusal = macroRefusal(request, noun, verb);
            if (refusal != null) return refusal;
        }
        if (user != null && Access.level(documents, ref, user) < Access.OWNER) return Access.noPermission(user, verb, ref);
        return null;
    }

    private static ObjectNode writeError(Request request, String uuid, String error, String message) {
        var reply = request.reply();
        putText(reply, "uuid", uuid);
        reply.put("error", error);
        if (message != null) reply.put("message", message);
        return reply;
    }

    static void putText(ObjectNode node, String key, String value) {
        if (value != null) node.put(key, value);
    }
}
