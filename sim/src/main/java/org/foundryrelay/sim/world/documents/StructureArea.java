package org.foundryrelay.sim.world.documents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.foundryrelay.sim.world.Caller;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Fixture.User;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.Request;
import org.foundryrelay.sim.world.WorldContext;

/** The module's structure router: the world's folder tree and packs, and folder lookup, creation and deletion. */
public final class StructureArea {
    private static final List<String> DEFAULT_TYPES = List.of("Scene", "Actor", "Item", "JournalEntry", "RollTable", "Cards",
            "Macro", "Playlist");

    private final WorldContext context;
    private final Documents documents;

    public StructureArea(WorldContext context) {
        this.context = context;
        this.documents = context.documents();
        context.register("structure", this::structure);
        context.register("get-folder", this::getFolder);
        context.register("create-folder", this::createFolder);
        context.register("delete-folder", this::deleteFolder);
    }

    private record Options(List<String> types, boolean entityData, boolean recursive, int depth, User user) {}

    private ObjectNode structure(Request request, Caller caller) {
        var options = new Options(types(request), Json.truthy(request.get("includeEntityData")),
                Json.truthy(request.get("recursive")),
                Json.truthy(request.get("recursiveDepth")) ? (int) Json.toNumber(request.get("recursiveDepth")) : 5,
                caller.userOrNull());
        var reply = request.reply();
        var path = Json.truthy(request.get("path")) ? Json.jsString(request.get("path")) : null;
        if (path == null) {
            var data = reply.putObject("data");
            var folders = data.putObject("folders");
            for (var folder : folders(null)) {
                if (options.types().contains(folder.path("type").asText())) {
                    folders.set(folder.path("name").asText(), folderNode(folder, options, options.recursive() ? options.depth() : 1));
                }
            }
            var entities = data.putObject("entities");
            for (var type : options.types()) entities.set(type.toLowerCase(Locale.ROOT) + "s", contents(type, null, options));
            var packs = data.putObject("compendiumPacks");
            for (var pack : documents.collection("packs")) {
                if (!options.types().contains(pack.path("documentName").asText())) continue;
                var p = packs.putObject(pack.path("title").asText());
                p.put("id", pack.path("collection").asText());
                p.put("name", pack.path("title").asText());
                p.put("type", pack.path("documentName").asText());
                p.put("uuid", "Compendium." + pack.path("collection").asText());
                p.set("entities", packEntities((ObjectNode) pack));
            }
            return reply;
        }
        if (path.startsWith("Compendium.")) {
            var pack = Uuids.pack(documents, path.substring("Compendium.".length())).orElse(null);
            if (pack == null) return error(reply, "Compendium not found: " + path);
            var c = reply.putObject("data").putObject("compendium");
            c.put("name", pack.path("title").asText());
            c.put("type", pack.path("documentName").asText());
            c.set("entities", packEntities(pack));
            return reply;
        }
        if (!path.startsWith("Folder.")) return error(reply, "Invalid folder path: " + path);
        var folder = Documents.byId(documents.collection("folders"), path.substring("Folder.".length())).orElse(null);
        if (folder == null) return error(reply, "Folder not found: " + path);
        var type = folder.path("type").asText();
        if (!options.types().contains(type)) return error(reply, "Folder type " + type + " not included in requested types");
        var data = reply.putObject("data");
        var children = data.putObject("folders");
        for (var child : folders(Documents.idOf(folder))) {
            children.set(child.path("name").asText(), folderNode(child, options, options.recursive() ? options.depth() : 1));
        }
        data.set("entities", contents(type, Documents.idOf(folder), options));
        return reply;
    }

    private static ObjectNode error(ObjectNode reply, String message) {
        reply.put("error", message);
        reply.putObject("data");
        return reply;
    }

    private List<String> types(Request request) {
        var raw = request.get("types");
        if (!Json.truthy(raw)) return DEFAULT_TYPES;
        var list = new ArrayList<String>();
        if (raw.isArray()) {
            raw.forEach(t -> list.add(t.asText()));
        } else {
            var text = Json.jsString(raw).trim();
            if (text.startsWith("[")) {
                try {
                    Json.MAPPER.readTree(text).forEach(t -> list.add(t.asText()));
                } catch (Exception e) {
                    // fall back to a comma list
                }
            }
            if (list.isEmpty()) for (var t : text.split(",")) if (!t.isBlank()) list.add(t.trim());
        }
        return list;
    }

    private List<ObjectNode> folders(String parentId) {
        var out = new ArrayList<ObjectNode>();
        for (var f : documents.collection("folders")) {
            var parent = f.path("folder").asText(null);
            if (parentId == null ? parent == null : parentId.equals(parent)) out.add((ObjectNode) f);
        }
        return out;
    }

    private ObjectNode folderNode(ObjectNode folder, Options options, int depth) {
        var node = Json.object();
        var id = Documents.idOf(folder);
        node.put("id", id);
        node.put("uuid", "Folder." + id);
        node.put("type", folder.path("type").asText());
        var entities = contents(folder.path("type").asText(), id, options);
        if (!entities.isEmpty()) node.set("entities", entities);
        if (depth > 1) {
            for (var child : folders(id)) node.set(child.path("name").asText(), folderNode(child, options, depth - 1));
        }
        return node;
    }

    /** The documents of {@code type} directly in {@code folderId} (null: at the root), as the caller may see them. */
    private ArrayNode contents(String type, String folderId, Options options) {
        var out = Json.array();
        var collectionName = Uuids.WORLD.get(type);
        if (collectionName == null) return out;
        var collection = documents.collection(collectionName);
        for (var node : collection) {
            var doc = (ObjectNode) node;
            var folder = doc.path("folder").asText(null);
            if (folderId == null ? folder != null : !folderId.equals(folder)) continue;
            var ref = new Ref(type, doc, collection, null, Uuids.of(type, doc));
            int level = Access.level(documents, ref, options.user());
            if (level == Access.NONE) continue;
            if (options.entityData() && level >= Access.OBSERVER) {
                out.add(Serial.toObject(doc));
                continue;
            }
            var stub = stub(ref);
            if (level == Access.LIMITED) stub.set("img", doc.path("img").deepCopy());
            out.add(stub);
        }
        return out;
    }

    private static ObjectNode stub(Ref ref) {
        var o = Json.object();
        o.put("uuid", ref.uuid());
        o.put("name", ref.name());
        o.put("id", ref.id());
        o.put("type", ref.documentName());
        return o;
    }

    private static ArrayNode packEntities(ObjectNode pack) {
        var out = Json.array();
        var collection = pack.path("collection").asText();
        var type = pack.path("documentName").asText();
        for (var entry : pack.path("index")) {
            var o = out.addObject();
            o.put("uuid", "Compendium." + collection + "." + type + "." + Documents.idOf(entry));
            o.put("name", entry.path("name").asText());
            o.put("id", Documents.idOf(entry));
            o.put("type", type);
        }
        return out;
    }

    private ObjectNode getFolder(Request request, Caller caller) {
        var name = Json.jsString(request.get("name"));
        ObjectNode folder = null;
        for (var f : documents.collection("folders")) {
            if (name.equals(f.path("name").asText())) {
                folder = (ObjectNode) f;
                break;
            }
        }
        var reply = request.reply();
        if (folder == null) {
            reply.put("error", "Folder not found with name: " + name);
            reply.putNull("data");
            return reply;
        }
        var data = reply.putObject("data");
        describe(data, folder);
        data.set("contents", contents(folder.path("type").asText(), Documents.idOf(folder),
                new Options(DEFAULT_TYPES, false, false, 1, caller.userOrNull())));
        return reply;
    }

    private static void describe(ObjectNode data, ObjectNode folder) {
        var id = Documents.idOf(folder);
        data.put("id", id);
        data.put("uuid", "Folder." + id);
        data.put("name", folder.path("name").asText());
        data.put("type", folder.path("type").asText());
        data.set("parentFolder", folder.path("folder").isTextual() ? folder.get("folder").deepCopy() : Json.MAPPER.nullNode());
    }

    private ObjectNode createFolder(Request request, Caller caller) {
        var user = caller.userOrNull();
        if (Access.lacksGm(user)) return request.error(Access.notGm(user, "create folders"));
        var type = Json.jsString(request.get("folderType"));
        if (!Uuids.WORLD.containsKey(type) || type.equals("User") || type.equals("Folder")) {
            return request.error("Invalid folder type: " + type);
        }
        var parent = Json.truthy(request.get("parentFolderId")) ? Json.jsString(request.get("parentFolderId")) : null;
        var folders = documents.writableCollection("folders");
        if (parent != null && Documents.byId(folders, parent).isEmpty()) return request.error("Parent folder not found with ID: " + parent);
        var folder = Json.object();
        folder.put("_id", context.newId());
        folder.put("name", Json.jsString(request.get("name")));
        folder.put("type", type);
        if (parent == null) folder.putNull("folder");
        else folder.put("folder", parent);
        folder.put("sorting", "a");
        folder.put("sort", 0);
        folder.putNull("color");
        folder.putObject("flags");
        folders.add(folder);
        var reply = request.reply();
        describe(reply.putObject("data"), folder);
        return reply;
    }

    private ObjectNode deleteFolder(Request request, Caller caller) {
        var user = caller.userOrNull();
        if (Access.lacksGm(user)) return request.error(Access.notGm(user, "delete folders"));
        var folderId = Json.jsString(request.get("folderId"));
        var folders = documents.writableCollection("folders");
        var folder = Documents.byId(folders, folderId).orElse(null);
        if (folder == null) return request.error("Folder not found with ID: " + folderId);
        var ids = new ArrayList<String>();
        collect(folderId, ids);
        var type = folder.path("type").asText();
        var collection = documents.writableCollection(Uuids.WORLD.get(type));
        boolean all = Json.truthy(request.get("deleteAll"));
        int entities = 0;
        for (var doc : collection) if (ids.contains(doc.path("folder").asText(null))) entities++;
        int childFolders = ids.size() - 1;
        if (!all && entities > 0) {
            return request.error("Folder contains " + entities + " entities. Use deleteAll=true to delete them or move them first.");
        }
        if (!all && childFolders > 0) {
            return request.error("Folder contains " + childFolders + " child folders. Use deleteAll=true to delete them or move them first.");
        }
        for (int i = collection.size() - 1; i >= 0; i--) if (ids.contains(collection.get(i).path("folder").asText(null))) collection.remove(i);
        for (int i = folders.size() - 1; i >= 0; i--) if (ids.contains(Documents.idOf(folders.get(i)))) folders.remove(i);
        var reply = request.reply();
        var data = reply.putObject("data");
        data.put("deleted", true);
        data.put("folderId", folderId);
        data.put("entitiesDeleted", entities);
        data.put("foldersDeleted", childFolders);
        return reply;
    }

    private void collect(String folderId, List<String> ids) {
        ids.add(folderId);
        for (var child : folders(folderId)) collect(Documents.idOf(child), ids);
    }
}
