package org.foundryrelay.sim.world.documents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Collectors;
import org.foundryrelay.sim.world.Caller;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.Request;
import org.foundryrelay.sim.world.WorldContext;

/** The module's effects router: an actor's active effects, adding and removing them, the status list. */
public final class EffectArea {
    private final WorldContext context;
    private final Documents documents;

    public EffectArea(WorldContext context) {
        this.context = context;
        this.documents = context.documents();
        context.register("get-status-effects", this::list);
        context.register("get-effects", this::get);
        context.register("add-effect", this::add);
        context.register("remove-effect", this::remove);
    }

    private ObjectNode list(Request request, Caller caller) {
        var reply = request.reply();
        var effects = reply.putObject("data").putArray("effects");
        for (var s : StatusEffects.ALL) effects.addObject().put("id", s.id()).put("name", s.name()).put("icon", s.icon());
        return reply;
    }

    private Ref actor(String uuid) {
        return Uuids.resolve(documents, uuid).map(r -> Targets.actorOf(documents, r)).orElse(null);
    }

    private ObjectNode get(Request request, Caller caller) {
        var uuid = Json.text(request.get("uuid"));
        if (uuid == null || uuid.isEmpty()) return request.error("uuid is required");
        var actor = actor(uuid);
        if (actor == null) return request.error("Document not found with UUID: " + uuid);
        var user = caller.userOrNull();
        if (user != null && Access.level(documents, actor, user) < Access.OBSERVER) {
            return request.error("User '" + user.name() + "' does not have permission to view '" + actor.label() + "'");
        }
        var reply = request.reply();
        var data = reply.putObject("data");
        data.put("uuid", actor.uuid());
        var effects = data.putArray("effects");
        for (var e : actor.doc().path("effects")) {
            var o = (ObjectNode) e;
            var out = effects.addObject();
            out.put("id", Documents.idOf(o));
            out.put("uuid", actor.uuid() + ".ActiveEffect." + Documents.idOf(o));
            out.set("name", o.path("name").deepCopy());
            out.set("icon", o.path("img").deepCopy());
            out.put("disabled", o.path("disabled").asBoolean(false));
            out.set("duration", o.has("duration") ? o.get("duration").deepCopy() : Json.object());
            out.set("statuses", o.has("statuses") ? o.get("statuses").deepCopy() : Json.array());
            out.set("changes", o.has("changes") ? o.get("changes").deepCopy() : Json.array());
            out.set("origin", o.has("origin") ? o.get("origin").deepCopy() : Json.MAPPER.nullNode());
        }
        return reply;
    }

    private ObjectNode add(Request request, Caller caller) {
        documents.write();
        var uuid = Json.jsString(request.get("uuid"));
        var statusId = Json.truthy(request.get("statusId")) ? Json.jsString(request.get("statusId")) : null;
        var effectData = request.get("effectData") instanceof ObjectNode o ? o : null;
        if (statusId == null && effectData == null) return request.error("Either statusId or effectData is required");
        var actor = actor(uuid);
        if (actor == null) return request.error("Document not found with UUID: " + uuid);
        var user = caller.userOrNull();
        if (user != null && Access.level(documents, actor, user) < Access.OWNER) {
            return request.error(Access.noPermission(user, "add effects to", actor));
        }
        var effects = (ArrayNode) actor.doc().withArray("effects");
        ObjectNode effect;
        if (statusId != null) {
            if (StatusEffects.byId(statusId).isEmpty()) {
                return request.error("Unknown status effect: '" + statusId + "'. Available: "
                        + StatusEffects.ALL.stream().map(StatusEffects.Status::id).collect(Collectors.joining(", ")));
            }
            for (var e : effects) {
                for (var s : e.path("statuses")) {
                    if (s.asText().equals(statusId)) return request.error("Actor '" + actor.name() + "' already has status '" + statusId + "'");
                }
            }
            effect = StatusEffects.effect(context.newId(), statusId);
        } else {
            effect = Json.object();
            effect.put("_id", context.newId());
            effect.put("name", "New Effect");
            effect.put("img", "icons/svg/aura.svg");
            effect.put("disabled", false);
            effect.putObject("duration");
            effect.putArray("statuses");
            effect.putArray("changes");
            effect.putNull("origin");
            effect.put("transfer", false);
            effect.putObject("flags");
            Serial.merge(effect, effectData);
        }
        effects.add(effect);
        var reply = request.reply();
        var data = reply.putObject("data");
        data.put("uuid", actor.uuid());
        var out = data.putObject("effect");
        out.put("id", Documents.idOf(effect));
        out.put("uuid", actor.uuid() + ".ActiveEffect." + Documents.idOf(effect));
        out.set("name", effect.path("name").deepCopy());
        out.set("icon", effect.path("img").deepCopy());
        out.set("statuses", effect.path("statuses").deepCopy());
        return reply;
    }

    private ObjectNode remove(Request request, Caller caller) {
        documents.write();
        var uuid = Json.jsString(request.get("uuid"));
        var effectId = Json.truthy(request.get("effectId")) ? Json.jsString(request.get("effectId")) : null;
        var statusId = Json.truthy(request.get("statusId")) ? Json.jsString(request.get("statusId")) : null;
        if (effectId == null && statusId == null) return request.error("Either effectId or statusId is required");
        var actor = actor(uuid);
        if (actor == null) return request.error("Document not found with UUID: " + uuid);
        var user = caller.userOrNull();
        if (user != null && Access.level(documents, actor, user) < Access.OWNER) {
            return request.error(Access.noPermission(user, "remove effects from", actor));
        }
        var effects = (ArrayNode) actor.doc().withArray("effects");
        int index = -1;
        for (int i = 0; i < effects.size() && index < 0; i++) {
            var e = effects.get(i);
            if (effectId != null) {
                if (effectId.equals(Documents.idOf(e))) index = i;
            } else {
                for (var s : e.path("statuses")) if (s.asText().equals(statusId)) index = i;
            }
        }
        if (index < 0) {
            return request.error(effectId != null ? "Effect with ID '" + effectId + "' not found on actor '" + actor.name() + "'"
                    : "Status '" + statusId + "' not found on actor '" + actor.name() + "'");
        }
        var removed = Documents.idOf(effects.remove(index));
        var reply = request.reply();
        var data = reply.putObject("data");
        data.put("uuid", actor.uuid());
        data.put("removedEffectId", removed);
        return reply;
    }
}
