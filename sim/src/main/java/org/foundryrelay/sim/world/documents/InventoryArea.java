package org.foundryrelay.sim.world.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.foundryrelay.sim.world.Caller;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.Request;
import org.foundryrelay.sim.world.Selection;
import org.foundryrelay.sim.world.WorldContext;

/**
 * The module's entity router, part two: items between actors ({@code give}, {@code remove}), numeric
 * attributes ({@code increase}, {@code decrease}) and {@code kill}.
 */
public final class InventoryArea {
    private static final String[] HP_PATHS = {"system.attributes.hp", "system.health", "system.hp"};

    private final WorldContext context;
    private final Documents documents;
    private final Selection selection;
    private final Consumer<String> defeated;

    /** @param defeated marks a token's combatants defeated, by token id */
    public InventoryArea(WorldContext context, Selection selection, Consumer<String> defeated) {
        this.context = context;
        this.documents = context.documents();
        this.selection = selection;
        this.defeated = defeated;
        context.register("give", this::give);
        context.register("remove", this::remove);
        context.register("increase", (r, c) -> change(r, c, 1));
        context.register("decrease", (r, c) -> change(r, c, -1));
        context.register("kill", this::kill);
    }

    private Ref firstSelectedActor() {
        var tokens = Targets.selectedTokens(documents, selection);
        return tokens.isEmpty() ? null : Targets.actorOf(documents, tokens.getFirst());
    }

    private ObjectNode give(Request request, Caller caller) {
        documents.write();
        var user = caller.userOrNull();
        boolean selected = Json.truthy(request.get("selected"));
        var fromUuid = Json.truthy(request.get("fromUuid")) ? Json.jsString(request.get("fromUuid")) : "";
        var toUuid = Json.truthy(request.get("toUuid")) ? Json.jsString(request.get("toUuid")) : null;
        var itemUuid = Json.truthy(request.get("itemUuid")) ? Json.jsString(request.get("itemUuid")) : null;
        var itemName = Json.truthy(request.get("itemName")) ? Json.jsString(request.get("itemName")) : null;
        double quantity = Json.truthy(request.get("quantity")) ? Json.toNumber(request.get("quantity")) : 1;
        var reply = request.reply();
        reply.put("selected", selected);
        reply.put("fromUuid", fromUuid);
        if (toUuid != null) reply.put("toUuid", toUuid);
        Json.putNumber(reply, "quantity", quantity);
        if (itemUuid != null) reply.put("itemUuid", itemUuid);
        if (toUuid == null && !selected) return fail(reply, "Target UUID or selected is required");
        if (itemUuid == null && itemName == null) return fail(reply, "Item UUID or Item Name is required");

        Ref item = null;
        if (itemUuid != null) {
            item = Uuids.resolve(documents, itemUuid).orElse(null);
            if (item == null) return fail(reply, "Item not found: " + itemUuid);
            if (!item.documentName().equals("Item")) return fail(reply, "Entity must be an Item, got " + item.documentName());
        }
        Ref source = null;
        if (!fromUuid.isEmpty()) {
            source = Uuids.resolve(documents, fromUuid).map(r -> Targets.actorOf(documents, r)).orElse(null);
            if (source == null) return fail(reply, "Source entity not found: " + fromUuid);
            if (!source.documentName().equals("Actor")) return fail(reply, "Source entity must be an Actor, got " + source.documentName());
        } else if (item != null && item.parent() != null) {
            source = item.parent();
        }
        if (item == null) {
            if (source == null) return fail(reply, "Item not found: " + itemName);
            item = itemByName(source, itemName);
            if (item == null) return fail(reply, "Item not found: " + itemName);
        } else if (source != null && (item.parent() == null || item.parent().doc() != source.doc())) {
            return fail(reply, "Item " + (itemUuid != null ? itemUuid : itemName) + " does not belong to source actor " + fromUuid);
        }
        Ref target = selected && toUuid == null ? firstSelectedActor()
                : Uuids.resolve(documents, toUuid).map(r -> Targets.actorOf(documents, r)).orElse(null);
        if (target == null) return fail(reply, "Target entity not found: " + toUuid);
        if (!target.documentName().equals("Actor")) return fail(reply, "Target entity must be an Actor, got " + target.documentName());
        if (user != null) {
            if (source != null && Access.level(documents, source, user) < Access.OWNER) {
                return fail(reply, Access.noPermission(user, "give items from", source));
            }
            if (Access.level(documents, target, user) < Access.OWNER) return fail(reply, Access.noPermission(user, "give items to", target));
        }
        var copy = Serial.toObject(item.doc());
        var newId = context.newId();
        copy.put("_id", newId);
        var have = quantityOf(item.doc());
        Serial.set(copy, "system.quantity", Json.MAPPER.getNodeFactory().numberNode(Math.min(quantity, have)));
        ((ArrayNode) target.doc().withArray("items")).add(copy);
        if (source != null) {
            if (quantity >= have) item.remove();
            else Serial.set(item.doc(), "system.quantity", number(have - quantity));
        }
        reply.put("itemUuid", item.uuid());
        reply.put("toUuid", target.uuid());
        reply.put("newItemId", newId);
        reply.put("success", true);
        return reorder(reply, "fromUuid", "selected", "toUuid", "quantity", "itemUuid", "newItemId", "success");
    }

    private ObjectNode remove(Request request, Caller caller) {
        documents.write();
        var user = caller.userOrNull();
        var actorUuid = Json.truthy(request.get("actorUuid")) ? Json.jsString(request.get("actorUuid")) : null;
        var itemUuid = Json.truthy(request.get("itemUuid")) ? Json.jsString(request.get("itemUuid")) : null;
        var itemName = Json.truthy(request.get("itemName")) ? Json.jsString(request.get("itemName")) : null;
        boolean selected = Json.truthy(request.get("selected"));
        if (actorUuid == null && !selected) return request.error("Target actor UUID or selected is required");
        if (itemUuid == null && itemName == null) return request.error("Item UUID or Item Name is required");
        var actor = actorUuid == null ? firstSelectedActor()
                : Uuids.resolve(documents, actorUuid).map(r -> Targets.actorOf(documents, r)).orElse(null);
        if (actor == null) return request.error("Target actor not found: " + actorUuid);
        if (!actor.documentName().equals("Actor")) return request.error("Target entity must be an Actor, got " + actor.documentName());
        if (user != null && Access.level(documents, actor, user) < Access.OWNER) {
            return request.error(Access.noPermission(user, "remove items from", actor));
        }
        Ref item = itemUuid != null ? Uuids.resolve(documents, itemUuid)
                .filter(i -> i.parent() != null && i.parent().doc() == actor.doc()).orElse(null) : itemByName(actor, itemName);
        if (item == null) return request.error("Item not found: " + (itemUuid != null ? itemUuid : itemName));
        var quantityNode = request.get("quantity");
        if (Json.truthy(quantityNode) && Json.toNumber(quantityNode) < quantityOf(item.doc())) {
            Serial.set(item.doc(), "system.quantity", number(quantityOf(item.doc()) - Json.toNumber(quantityNode)));
        } else {
            item.remove();
        }
        var reply = request.reply();
        reply.put("actorUuid", actor.uuid());
        reply.put("itemUuid", item.uuid());
        if (Json.truthy(quantityNode)) Json.putNumber(reply, "quantity", Json.toNumber(quantityNode));
        else reply.putNull("quantity");
        reply.put("success", true);
        return reply;
    }

    private ObjectNode change(Request request, Caller caller, int sign) {
        documents.write();
        var user = caller.userOrNull();
        var verb = sign > 0 ? "increase" : "decrease";
        var attribute = Json.text(request.get("attribute"));
        if (!Json.truthy(request.get("uuid")) && !Json.truthy(request.get("selected"))) return failure(request, "UUID or selected is required");
        if (attribute == null || attribute.isEmpty()) return failure(request, "Attribute path is required");
        double amount = Json.toNumber(request.get("amount"));
        if (Double.isNaN(amount)) return failure(request, "Amount must be a number");
        var targets = new ArrayList<Ref>();
        if (Json.truthy(request.get("selected"))) {
            for (var token : Targets.selectedTokens(documents, selection)) {
                var actor = Targets.actorOf(documents, token);
                if (actor != null) targets.add(actor);
            }
        } else {
            Uuids.resolve(documents, Json.text(request.get("uuid"))).map(r -> Targets.actorOf(documents, r)).ifPresent(targets::add);
        }
        if (targets.isEmpty()) return failure(request, "No entities found to modify");
        for (var target : targets) {
            if (user != null && Access.level(documents, target, user) < Access.OWNER) {
                return failure(request, Access.noPermission(user, verb + " attribute on", target));
            }
            var value = Serial.at(target.doc(), attribute);
            if (!value.isNumber()) return failure(request, "Attribute " + attribute + " is not a number, found: " + typeOf(value));
        }
        var results = Json.array();
        for (var target : targets) {
            double old = Serial.at(target.doc(), attribute).doubleValue();
            double now = old + sign * amount;
            Serial.set(target.doc(), attribute, number(now));
            var r = results.addObject();
            r.put("uuid", target.uuid());
            r.put("attribute", attribute);
            Json.putNumber(r, "oldValue", old);
            Json.putNumber(r, "newValue", now);
        }
        var reply = request.reply();
        reply.set("results", results);
        reply.put("success", true);
        return reply;
    }

    private ObjectNode kill(Request request, Caller caller) {
        documents.write();
        var user = caller.userOrNull();
        var uuid = Json.text(request.get("uuid"));
        List<Ref> targets;
        if (Json.truthy(request.get("selected"))) {
            targets = Targets.selectedTokens(documents, selection);
            if (targets.isEmpty()) return request.error("No entities found to mark as defeated");
        } else {
            var ref = Uuids.resolve(documents, uuid).orElse(null);
            if (ref == null) return request.error("Entity not found: " + uuid);
            targets = List.of(ref);
        }
        var results = Json.array();
        for (var target : targets) {
            if (!target.documentName().equals("Token") && !target.documentName().equals("Actor")) {
                return request.error("Cannot mark entity type " + target.documentName() + " as defeated");
            }
            var actor = Targets.actorOf(documents, target);
            if (actor == null) return request.error("Token has no associated actor");
            if (user != null && Access.level(documents, actor, user) < Access.OWNER) {
                return request.error(Access.noPermission(user, "kill", target));
            }
            zeroHp(actor.doc());
            addDeadStatus(actor.doc());
            if (target.documentName().equals("Token")) defeated.accept(target.id());
            else tokensOf(actor.id()).forEach(defeated);
            var r = results.addObject();
            r.put("uuid", target.uuid());
            r.put("success", true);
            if (target.documentName().equals("Token")) {
                r.put("message", "Token marked as defeated, HP set to 0, and dead effect applied");
            } else {
                r.put("message", "Actor marked as defeated, HP set to 0, and dead effect applied to " + tokensOf(actor.id()).size() + " tokens");
            }
        }
        var reply = request.reply();
        reply.set("results", results);
        return reply;
    }

    /** The ids of the actor's tokens on the viewed scene. */
    private List<String> tokensOf(String actorId) {
        var scene = documents.activeScene().orElse(null);
        if (scene == null) return List.of();
        return scene.tokens().stream().filter(t -> actorId.equals(t.actorId())).map(t -> t.id()).toList();
    }

    private static void zeroHp(ObjectNode actor) {
        for (var path : HP_PATHS) {
            if (Serial.at(actor, path) instanceof ObjectNode hp && hp.has("value")) {
                hp.put("value", 0);
                return;
            }
        }
    }

    private void addDeadStatus(ObjectNode actor) {
        var effects = actor.withArray("effects");
        for (var e : effects) {
            for (var s : e.path("statuses")) if (s.asText().equals("dead")) return;
        }
        effects.add(StatusEffects.effect(context.newId(), "dead"));
    }

    private static Ref itemByName(Ref actor, String name) {
        if (name == null || !(actor.doc().get("items") instanceof ArrayNode items)) return null;
        var lower = name.toLowerCase(Locale.ROOT);
        for (var item : items) {
            if (item instanceof ObjectNode i && i.path("name").asText("").toLowerCase(Locale.ROOT).equals(lower)) {
                return new Ref("Item", i, items, actor, Uuids.embedded(actor, "Item", i));
            }
        }
        return null;
    }

    private static double quantityOf(ObjectNode item) {
        var q = Serial.at(item, "system.quantity");
        return q.isNumber() ? q.doubleValue() : 1;
    }

    private static JsonNode number(double value) {
        var holder = Json.object();
        Json.putNumber(holder, "v", value);
        return holder.get("v");
    }

    private static String typeOf(JsonNode value) {
        if (value.isMissingNode()) return "undefined";
        if (value.isTextual()) return "string";
        if (value.isBoolean()) return "boolean";
        return "object";
    }

    private static ObjectNode fail(ObjectNode reply, String error) {
        reply.put("success", false);
        reply.put("error", error);
        return reply;
    }

    private static ObjectNode failure(Request request, String error) {
        var reply = request.reply();
        reply.put("success", false);
        reply.put("error", error);
        return reply;
    }

    // The success reply lists its keys in the module's order after type and requestId.
    private static ObjectNode reorder(ObjectNode reply, String... keys) {
        var out = Json.object();
        out.set("type", reply.get("type"));
        if (reply.has("requestId")) out.set("requestId", reply.get("requestId"));
        for (var k : keys) if (reply.has(k)) out.set(k, reply.get(k));
        return out;
    }
}
