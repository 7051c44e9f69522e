package org.foundryrelay.sim.world.dnd5e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.foundryrelay.sim.world.Caller;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.Ownership;
import org.foundryrelay.sim.world.Request;
import org.foundryrelay.sim.world.WorldContext;
import org.foundryrelay.sim.world.events.DocumentEvents;

/**
 * The dnd5e system's routes of the module ({@code dnd5e.ts}) that read or set data: actor details, item
 * charges, experience, currency, prepared spells, equipped and attuned items and concentration. Rolls,
 * rests and the use of items are in {@link Dnd5eRolls}.
 */
public final class Dnd5eArea {
    private static final Set<String> GEAR = Set.of("weapon", "equipment", "consumable", "tool", "loot", "backpack");
    private static final Set<String> FEATURES = Set.of("feat", "background", "class", "subclass");

    private final Actors actors;

    /** {@code controlled}: the GM's selected token ids, for {@code selected=true}. */
    public Dnd5eArea(WorldContext context, DocumentEvents events, Supplier<List<String>> controlled) {
        this.actors = new Actors(context, events, controlled);
        context.register("get-actor-details", this::details);
        context.register("modify-item-charges", this::charges);
        context.register("modify-experience", this::experience);
        context.register("get-concentration", this::concentration);
        context.register("break-concentration", this::breakConcentration);
        context.register("equip-item", (r, c) -> flag(r, c, "equipped"));
        context.register("attune-item", (r, c) -> flag(r, c, "attuned"));
        context.register("transfer-currency", this::transfer);
        context.register("modify-currency", this::modifyCurrency);
        context.register("prepare-spell", this::prepareSpell);
        new Dnd5eRolls(actors, context);
    }

    static ObjectNode data(Request r) {
        var reply = r.reply();
        reply.putObject("data");
        return reply;
    }

    private ObjectNode details(Request r, Caller caller) {
        var uuid = Json.text(r.get("actorUuid"));
        if (uuid == null) return r.error("actorUuid is required");
        var keys = r.get("details");
        if (!keys.isArray() || keys.isEmpty()) return r.error("details array is required and cannot be empty");
        var actor = actors.byUuid(uuid);
        if (actor.isEmpty()) return r.error("Actor not found with UUID: " + uuid);
        var a = actor.get();
        if (Ownership.level(a, caller) < Ownership.OBSERVER) {
            return r.error("User '" + caller.userOrNull().name() + "' does not have permission to view actor '" + a.path("name").asText() + "'");
        }
        var reply = data(r);
        var data = (ObjectNode) reply.get("data");
        data.put("uuid", Actors.uuid(a));
        var system = a.path("system");
        for (var k : keys) {
            switch (k.asText()) {
                case "resources" -> data.set("resources", system.path("resources").deepCopy());
                case "spells" -> {
                    var list = data.putArray("spells");
                    Actors.items(a).forEach(i -> { if (i.path("type").asText().equals("spell")) list.add(i.deepCopy()); });
                    data.set("spellSlots", system.path("spells").deepCopy());
                }
                case "items" -> {
                    var list = data.putArray("items");
                    Actors.items(a).forEach(i -> { if (GEAR.contains(i.path("type").asText())) list.add(i.deepCopy()); });
                }
                case "features" -> {
                    var list = data.putArray("features");
                    Actors.items(a).forEach(i -> { if (FEATURES.contains(i.path("type").asText())) list.add(i.deepCopy()); });
                }
                case "stats" -> data.set("stats", stats(a));
                case "abilities" -> {
                    var out = data.putObject("abilities");
                    for (var ab : Actors.ABILITIES) {
                        out.putObject(ab).put("value", system.path("abilities").path(ab).path("value").asInt(10))
                                .put("mod", Actors.mod(a, ab)).put("save", Actors.save(a, ab))
                                .put("proficient", system.path("abilities").path(ab).path("proficient").asInt(0));
                    }
                }
                case "skills" -> {
                    var out = data.putObject("skills");
                    for (var s : Actors.SKILLS.keySet()) {
                        int total = Actors.skillTotal(a, s);
                        out.putObject(s).put("ability", Actors.skillAbility(a, s)).put("total", total)
                                .put("mod", Actors.mod(a, Actors.skillAbility(a, s)))
                                .put("value", system.path("skills").path(s).path("value").asDouble(0))
                                .put("passive", 10 + total);
                    }
                }
                case "details" -> data.set("details", system.path("details").deepCopy());
                case "conditions" -> {
                    var list = data.putArray("conditions");
                    for (var e : a.path("effects")) for (var s : e.path("statuses")) list.add(s.asText());
                }
                default -> { } // unknown keys are skipped, as the module does
            }
        }
        return reply;
    }

    private static ObjectNode stats(ObjectNode a) {
        var system = a.path("system");
        var attrs = system.path("attributes");
        var out = Json.object().put("name", a.path("name").asText()).put("img", a.path("img").asText(null))
                .put("uuid", Actors.uuid(a)).put("profBonus", Actors.prof(a)).put("ac", attrs.path("ac").path("value").asInt());
        out.set("hp", attrs.path("hp").deepCopy());
        out.set("speed", attrs.path("movement").deepCopy());
        out.put("exhaustion", attrs.path("exhaustion").asInt(0)).put("inspiration", attrs.path("inspiration").asBoolean(false))
                .put("initBonus", Actors.mod(a, "dex"));
        out.set("deathSaves", attrs.path("death").deepCopy());
        out.set("encumbrance", attrs.path("encumbrance").deepCopy());
        out.set("currency", system.path("currency").deepCopy());
        out.put("level", Actors.level(a));
        return out;
    }

    private String ownerRefusal(Caller caller, JsonNode actor, String op) {
        if (Ownership.level(actor, caller) >= Ownership.OWNER) return null;
        return Ownership.denied(caller.userOrNull(), op, actor.path("name").asText());
    }

    private ObjectNode charges(Request r, Caller caller) {
        var actor = actors.byUuid(Json.text(r.get("actorUuid")));
        if (actor.isEmpty()) return r.error("Actor not found");
        var itemUuid = Json.text(r.get("itemUuid"));
        var itemName = Json.text(r.get("itemName"));
        if (itemUuid == null && itemName == null) return r.error("itemUuid or itemName is required");
        if (!r.get("amount").isNumber()) return r.error("amount must be a number");
        var refused = ownerRefusal(caller, actor.get(), "modify item charges on");
        if (refused != null) return r.error(refused);
        var found = Actors.item(actor.get(), itemUuid, itemName, t -> true);
        if (found.isEmpty()) return r.error("Item not found on actor " + actor.get().path("name").asText());
        var a = actors.writable(actor.get());
        var item = Actors.item(a, Actors.itemUuid(a, found.get()), null, t -> true).orElseThrow();
        var uses = item.withObjectProperty("system").withObjectProperty("uses");
        int max = uses.path("max").asInt(0);
        int amount = r.get("amount").asInt();
        int old = uses.has("value") ? uses.path("value").asInt() : max;
        int now = Math.clamp((long) old + amount, 0, Math.max(max, 0));
        uses.put("value", now);
        uses.put("spent", Math.clamp((long) uses.path("spent").asInt(0) - amount, 0, Math.max(max, 0)));
        actors.itemChanged(a, item, Json.object().set("system", Json.object().set("uses", uses.deepCopy())));
        var reply = data(r);
        ((ObjectNode) reply.get("data")).put("itemUuid", Actors.itemUuid(a, item)).put("oldCharges", old).put("newCharges", now);
        return reply;
    }

    private ObjectNode experience(Request r, Caller caller) {
        var uuid = Json.text(r.get("actorUuid"));
        if (uuid == null && !Json.truthy(r.get("selected"))) return r.error("Either actorUuid or selected must be provided");
        if (!r.get("amount").isNumber()) return r.error("amount must be a number");
        var actor = uuid != null ? actors.byUuid(uuid) : actors.selected();
        if (actor.isEmpty()) return r.error(uuid != null ? "Actor not found" : "No token selected");
        var refused = ownerRefusal(caller, actor.get(), "modify experience on");
        if (refused != null) return r.error(refused);
        if (!actor.get().path("system").path("details").path("xp").path("value").isNumber()) {
            return r.error("Actor '" + actor.get().path("name").asText() + "' does not have experience points (may be an NPC or using milestone leveling)");
        }
        var a = actors.writable(actor.get());
        var xp = a.withObjectProperty("system").withObjectProperty("details").withObjectProperty("xp");
        int old = xp.path("value").asInt();
        int now = Math.max(0, old + r.get("amount").asInt());
        xp.put("value", now);
        actors.changed(a, change("system.details.xp.value", now), Json.text(r.get("userId")));
        var reply = data(r);
        ((ObjectNode) reply.get("data")).put("actorUuid", Actors.uuid(a)).put("oldXp", old).put("newXp", now);
        return reply;
    }

    // --- concentration -------------------------------------------------------------------------------

    static ObjectNode concentrationEffect(JsonNode actor) {
        for (var e : actor.path("effects")) {
            for (var s : e.path("statuses")) {
                if (s.asText().equals("concentrating") || s.asText().equals("concentration")) return (ObjectNode) e;
            }
        }
        return null;
    }

    private ObjectNode concentration(Request r, Caller caller) {
        var actor = lookup(r);
        if (actor.error != null) return actor.error;
        var a = actor.actor;
        if (Ownership.level(a, caller) < Ownership.OBSERVER) {
            return r.error("User '" + caller.userOrNull().name() + "' does not have permission to view actor '" + a.path("name").asText() + "'");
        }
        var effect = concentrationEffect(a);
        var reply = data(r);
        var data = (ObjectNode) reply.get("data");
        data.put("actorUuid", Actors.uuid(a)).put("isConcentrating", effect != null);
        if (effect == null) {
            data.putNull("effect");
            data.putNull("spell");
            return reply;
        }
        var e = data.putObject("effect").put("id", Documents.idOf(effect))
                .put("uuid", Actors.uuid(a) + ".ActiveEffect." + Documents.idOf(effect))
                .put("name", effect.path("name").asText()).put("icon", effect.path("img").asText(effect.path("icon").asText(null)));
        e.set("statuses", effect.path("statuses").deepCopy());
        e.put("origin", effect.path("origin").asText(null));
        var origin = effect.path("origin").asText("");
        var spell = Actors.item(a, origin.isEmpty() ? "-" : origin, null, t -> true);
        if (spell.isPresent()) data.put("spell", spell.get().path("name").asText());
        else data.putNull("spell");
        return reply;
    }

    private ObjectNode breakConcentration(Request r, Caller caller) {
        var actor = lookup(r);
        if (actor.error != null) return actor.error;
        var refused = ownerRefusal(caller, actor.actor, "break concentration on");
        if (refused != null) return r.error(refused);
        var effect = concentrationEffect(actor.actor);
        if (effect == null) return r.error("Actor '" + actor.actor.path("name").asText() + "' is not concentrating");
        var a = actors.writable(actor.actor);
        var removed = actors.removeEffect(a, Documents.idOf(effect));
        var reply = data(r);
        ((ObjectNode) reply.get("data")).put("actorUuid", Actors.uuid(a)).put("broken", true).put("removedEffectId", removed);
        return reply;
    }

    /** An actor named by {@code actorUuid} or {@code actorName}, or the module's error. */
    record Lookup(ObjectNode actor, ObjectNode error) {}

    Lookup lookup(Request r) {
        var uuid = Json.text(r.get("actorUuid"));
        var name = Json.text(r.get("actorName"));
        if (uuid == null && name == null) return new Lookup(null, r.error("actorUuid or actorName is required"));
        var actor = actors.byUuidOrName(uuid, name);
        return actor.map(a -> new Lookup(a, null))
                .orElseGet(() -> new Lookup(null, r.error("Actor not found: " + (uuid != null ? uuid : name))));
    }

    // --- items ---------------------------------------------------------------------------------------

    private ObjectNode flag(Request r, Caller caller, String field) {
        var actor = lookup(r);
        if (actor.error != null) return actor.error;
        var itemUuid = Json.text(r.get("itemUuid"));
        var itemName = Json.text(r.get("itemName"));
        if (itemUuid == null && itemName == null) return r.error("itemUuid or itemName is required");
        if (!r.get(field).isBoolean()) return r.error(field + " must be a boolean");
        var refused = ownerRefusal(caller, actor.actor, "modify items on");
        if (refused != null) return r.error(refused);
        var found = Actors.item(actor.actor, itemUuid, itemName, t -> true);
        if (found.isEmpty()) {
            return r.error("Item not found on actor " + actor.actor.path("name").asText() + ": " + (itemUuid != null ? itemUuid : itemName));
        }
        var a = actors.writable(actor.actor);
        var item = Actors.item(a, Actors.itemUuid(a, found.get()), null, t -> true).orElseThrow();
        boolean value = r.get(field).asBoolean();
        item.withObjectProperty("system").put(field, value);
        actors.itemChanged(a, item, Json.object().set("system", Json.object().put(field, value)));
        var reply = data(r);
        ((ObjectNode) reply.get("data")).put("actorUuid", Actors.uuid(a)).put("itemUuid", Actors.itemUuid(a, item))
                .put("itemName", item.path("name").asText()).put(field, value);
        return reply;
    }

    private ObjectNode prepareSpell(Request r, Caller caller) {
        var uuid = Json.text(r.get("uuid")) != null ? Json.text(r.get("uuid")) : Json.text(r.get("actorUuid"));
        var spellName = Json.text(r.get("spellName")) != null ? Json.text(r.get("spellName")) : Json.text(r.get("name"));
        if (uuid == null || spellName == null || !r.get("prepared").isBoolean()) {
            return r.error("Missing required params: uuid, spellName, prepared");
        }
        var actor = actors.byUuid(uuid);
        if (actor.isEmpty()) return r.error("Actor not found: " + uuid);
        var found = Actors.item(actor.get(), null, spellName, t -> t.equals("spell"));
        if (found.isEmpty()) return r.error("Spell not found: " + spellName);
        var a = actors.writable(actor.get());
        var spell = Actors.item(a, Actors.itemUuid(a, found.get()), null, t -> true).orElseThrow();
        boolean prepared = r.get("prepared").asBoolean();
        spell.withObjectProperty("system").withObjectProperty("preparation").put("prepared", prepared);
        actors.itemChanged(a, spell, Json.object().set("system", Json.object().set("preparation", Json.object().put("prepared", prepared))));
        var reply = data(r);
        ((ObjectNode) reply.get("data")).put("spellName", spell.path("name").asText()).put("prepared", prepared)
                .put("uuid", Actors.itemUuid(a, spell));
        return reply;
    }

    // --- currency ------------------------------------------------------------------------------------

    private ObjectNode transfer(Request r, Caller caller) {
        var sourceUuid = Json.text(r.get("sourceActorUuid"));
        var sourceName = Json.text(r.get("sourceActorName"));
        var targetUuid = Json.text(r.get("targetActorUuid"));
        var targetName = Json.text(r.get("targetActorName"));
        if (sourceUuid == null && sourceName == null) return r.error("sourceActorUuid or sourceActorName is required");
        if (targetUuid == null && targetName == null) return r.error("targetActorUuid or targetActorName is required");
        if (!r.get("currency").isObject()) return r.error("currency object is required");
        var source = actors.byUuidOrName(sourceUuid, sourceName);
        if (source.isEmpty()) return r.error("Actor not found: " + (sourceUuid != null ? sourceUuid : sourceName));
        var target = actors.byUuidOrName(targetUuid, targetName);
        if (target.isEmpty()) return r.error("Actor not found: " + (targetUuid != null ? targetUuid : targetName));
        var refused = ownerRefusal(caller, source.get(), "transfer currency from");
        if (refused == null) refused = ownerRefusal(caller, target.get(), "transfer currency to");
        if (refused != null) return r.error(refused);
        var moved = Json.object();
        for (var d : Actors.DENOMINATIONS) {
            int amount = r.get("currency").path(d).asInt(0);
            if (amount <= 0) continue;
            int has = source.get().path("system").path("currency").path(d).asInt(0);
            if (has < amount) {
                return r.error("Insufficient " + d + ": " + source.get().path("name").asText() + " has " + has + ", needs " + amount);
            }
            moved.put(d, amount);
        }
        docs().write();
        var from = actors.writable(source.get()).withObjectProperty("system").withObjectProperty("currency");
        var to = actors.writable(target.get()).withObjectProperty("system").withObjectProperty("currency");
        moved.properties().forEach(e -> {
            from.put(e.getKey(), from.path(e.getKey()).asInt(0) - e.getValue().asInt());
            to.put(e.getKey(), to.path(e.getKey()).asInt(0) + e.getValue().asInt());
        });
        var userId = Json.text(r.get("userId"));
        actors.changed(actors.writable(source.get()), Json.object().set("system", Json.object().set("currency", from.deepCopy())), userId);
        actors.changed(actors.writable(target.get()), Json.object().set("system", Json.object().set("currency", to.deepCopy())), userId);
        var reply = data(r);
        var data = (ObjectNode) reply.get("data");
        data.put("sourceActorUuid", Actors.uuid(source.get())).put("targetActorUuid", Actors.uuid(target.get()));
        data.set("transferred", moved);
        data.set("sourceBalance", from.deepCopy());
        data.set("targetBalance", to.deepCopy());
        return reply;
    }

    private ObjectNode modifyCurrency(Request r, Caller caller) {
        var uuid = Json.text(r.get("uuid")) != null ? Json.text(r.get("uuid")) : Json.text(r.get("actorUuid"));
        var denomination = Json.text(r.get("currency"));
        if (uuid == null || denomination == null || !r.get("amount").isNumber()) {
            return r.error("Missing required params: uuid, currency, amount");
        }
        if (!Actors.DENOMINATIONS.contains(denomination)) {
            return r.error("Invalid currency '" + denomination + "'. Valid currencies: " + String.join(", ", Actors.DENOMINATIONS));
        }
        var actor = actors.byUuid(uuid);
        if (actor.isEmpty()) return r.error("Actor not found: " + uuid);
        var a = actors.writable(actor.get());
        var purse = a.withObjectProperty("system").withObjectProperty("currency");
        int previous = purse.path(denomination).asInt(0);
        int amount = r.get("amount").asInt();
        int current = Math.max(0, previous + amount);
        purse.put(denomination, current);
        actors.changed(a, change("system.currency." + denomination, current), Json.text(r.get("userId")));
        var reply = data(r);
        ((ObjectNode) reply.get("data")).put("currency", denomination).put("previous", previous).put("current", current)
                .put("delta", amount);
        return reply;
    }

    private Documents docs() {
        return actors.docs;
    }

    /** {@code {"a":{"b":value}}} for the path {@code a.b}. */
    static ObjectNode change(String path, int value) {
        var root = Json.object();
        var node = root;
        var parts = path.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) node = node.putObject(parts[i]);
        node.put(parts[parts.length - 1], value);
        return root;
    }
}
