package org.foundryrelay.sim.world.selection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Locale;
import org.foundryrelay.sim.world.Caller;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.Request;
import org.foundryrelay.sim.world.Selection;
import org.foundryrelay.sim.world.WorldContext;
import org.foundryrelay.sim.world.documents.Access;
import org.foundryrelay.sim.world.documents.Ref;
import org.foundryrelay.sim.world.documents.Serial;
import org.foundryrelay.sim.world.documents.Targets;
import org.foundryrelay.sim.world.documents.Uuids;

/**
 * The module's {@code select} and {@code selected}: the GM's token control on the active scene. A request
 * matches tokens by {@code all}, {@code uuids}, {@code name} (any case) and {@code data} (every key equal;
 * {@code actor.<path>} keys are read from the token's actor), the union of all given; an empty {@code data}
 * matches every token, as in the module.
 */
public final class SelectionArea {
    private final Documents documents;
    private final Selection selection;

    public SelectionArea(WorldContext context, Selection selection) {
        this.documents = context.documents();
        this.selection = selection;
        context.register("select", this::select);
        context.register("selected", this::selected);
    }

    private ObjectNode select(Request request, Caller caller) {
        var user = caller.userOrNull();
        if (Access.lacksGm(user)) return failure(request, Access.notGm(user, "select tokens"));
        var scene = documents.activeScene().orElse(null);
        if (scene == null) return failure(request, "No active scene found");
        boolean all = Json.truthy(request.get("all"));
        var uuids = new ArrayList<String>();
        request.get("uuids").forEach(u -> uuids.add(u.asText()));
        var name = Json.truthy(request.get("name")) ? Json.jsString(request.get("name")).toLowerCase(Locale.ROOT) : null;
        var data = request.get("data") instanceof ObjectNode d ? d : null;
        var matched = new ArrayList<String>();
        var uuidsOut = Json.array();
        for (var token : scene.tokens()) {
            var uuid = "Scene." + scene.id() + ".Token." + token.id();
            var ref = Uuids.resolve(documents, uuid).orElse(null);
            if (ref == null) continue;
            boolean hit = all || uuids.contains(uuid)
                    || (name != null && token.name() != null && token.name().toLowerCase(Locale.ROOT).equals(name))
                    || (data != null && matches(ref, data));
            if (hit) {
                matched.add(token.id());
                uuidsOut.add(uuid);
            }
        }
        if (matched.isEmpty()) return failure(request, "No matching entities found");
        if (Json.truthy(request.get("overwrite"))) selection.set(matched);
        else selection.add(matched);
        var reply = request.reply();
        reply.put("success", true);
        reply.put("count", matched.size());
        reply.put("message", matched.size() + " entities selected");
        reply.set("selected", uuidsOut);
        return reply;
    }

    private boolean matches(Ref token, ObjectNode data) {
        var actor = Targets.actorOf(documents, token);
        for (var it = data.fields(); it.hasNext(); ) {
            var e = it.next();
            var key = e.getKey();
            var have = key.startsWith("actor.") ? (actor == null ? null : Serial.at(actor.doc(), key.substring(6)))
                    : Serial.at(token.doc(), key);
            if (have == null || !have.equals(e.getValue())) return false;
        }
        return true;
    }

    private ObjectNode selected(Request request, Caller caller) {
        var user = caller.userOrNull();
        if (Access.lacksGm(user)) return failure(request, Access.notGm(user, "get selected tokens"));
        if (documents.activeScene().isEmpty()) return failure(request, "No active scene found");
        var reply = request.reply();
        reply.put("success", true);
        var list = reply.putArray("selected");
        for (var token : Targets.selectedTokens(documents, selection)) {
            var o = list.addObject();
            o.put("tokenUuid", token.uuid());
            var actor = Targets.actorOf(documents, token);
            if (actor == null) o.putNull("actorUuid");
            else o.put("actorUuid", actor.uuid());
        }
        return reply;
    }

    private static ObjectNode failure(Request request, String error) {
        var reply = request.reply();
        reply.put("success", false);
        reply.put("error", error);
        return reply;
    }
}
