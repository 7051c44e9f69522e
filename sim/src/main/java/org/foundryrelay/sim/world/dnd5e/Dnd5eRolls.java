package org.foundryrelay.sim.world.dnd5e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.function.Predicate;
import org.foundryrelay.sim.world.Caller;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.Ownership;
import org.foundryrelay.sim.world.Request;
import org.foundryrelay.sim.world.WorldContext;

/**
 * The dnd5e routes that roll: skill checks, ability checks and saves, death saves, concentration saves,
 * short and long rests, and the use of abilities, features, spells and items, all with the world's dice.
 */
final class Dnd5eRolls {
    private static final Set<String> FEATURE_TYPES = Set.of("feat", "class", "subclass", "background");
    private static final Set<String> ATTACKS = Set.of("mwak", "rwak", "msak", "rsak");

    private final Actors actors;
    private final WorldContext context;

    Dnd5eRolls(Actors actors, WorldContext context) {
        this.actors = actors;
        this.context = context;
        context.register("skill-check", this::skill);
        context.register("ability-check", (r, c) -> ability(r, c, false));
        context.register("ability-save", (r, c) -> ability(r, c, true));
        context.register("death-save", this::deathSave);
        context.register("concentration-save", this::concentrationSave);
        context.register("short-rest", (r, c) -> rest(r, c, false));
        context.register("long-rest", (r, c) -> rest(r, c, true));
        context.register("use-ability", (r, c) -> use(r, c, t -> true));
        context.register("use-feature", (r, c) -> use(r, c, FEATURE_TYPES::contains));
        context.register("use-spell", (r, c) -> use(r, c, "spell"::equals));
        context.register("use-item", (r, c) -> use(r, c, t -> !FEATURE_TYPES.contains(t) && !t.equals("spell")));
    }

    private ObjectNode viewable(Request r, Caller caller, ObjectNode[] out) {
        var uuid = Json.text(r.get("actorUuid"));
        var actor = actors.byUuid(uuid);
        if (actor.isEmpty()) return r.error("Actor not found with UUID: " + uuid);
        if (Ownership.level(actor.get(), caller) < Ownership.OBSERVER) {
            return r.error("User '" + caller.userOrNull().name() + "' does not have permission to view actor '"
                    + actor.get().path("name").asText() + "'");
        }
        out[0] = actor.get();
        return null;
    }

    private String owner(Caller caller, JsonNode actor, String op) {
        return Ownership.level(actor, caller) >= Ownership.OWNER ? null : Ownership.denied(caller.userOrNull(), op, actor.path("name").asText());
    }

    private ObjectNode rolled(Request r, ObjectNode actor, String key, String value, org.foundryrelay.sim.dice.Roll roll) {
        var reply = Dnd5eArea.data(r);
        var data = (ObjectNode) reply.get("data");
        data.put("actorUuid", Actors.uuid(actor));
        if (key != null) data.put(key, value);
        Json.putNumber(data, "total", roll.total());
        data.put("formula", roll.formula());
        data.set("result", Actors.rollJson(roll));
        return reply;
    }

    private ObjectNode skill(Request r, Caller caller) {
        var skill = Json.text(r.get("skill"));
        if (skill == null) return r.error("skill is required");
        if (!Actors.SKILLS.containsKey(skill)) {
            return r.error("Invalid skill '" + skill + "'. Valid skills: " + String.join(", ", Actors.SKILLS.keySet()));
        }
        var found = new ObjectNode[1];
        var error = viewable(r, caller, found);
        if (error != null) return error;
        var roll = actors.roll(Actors.d20(r.body(), Actors.skillTotal(found[0], skill)));
        return rolled(r, found[0], "skill", skill, roll);
    }

    private ObjectNode ability(Request r, Caller caller, boolean save) {
        var ability = Json.text(r.get("ability"));
        if (ability == null) return r.error("ability is required");
        if (!Actors.ABILITIES.contains(ability)) {
            return r.error("Invalid ability '" + ability + "'. Valid abilities: " + String.join(", ", Actors.ABILITIES));
        }
        var found = new ObjectNode[1];
        var error = viewable(r, caller, found);
        if (error != null) return error;
        int mod = save ? Actors.save(found[0], ability) : Actors.mod(found[0], ability);
        return rolled(r, found[0], "ability", ability, actors.roll(Actors.d20(r.body(), mod)));
    }

    // 10 or more succeeds; a natural 1 counts as two failures; a natural 20 brings the actor back with 1 hp.
    private ObjectNode deathSave(Request r, Caller caller) {
        var uuid = Json.text(r.get("actorUuid"));
        var actor = actors.byUuid(uuid);
        if (actor.isEmpty()) return r.error("Actor not found with UUID: " + uuid);
        var refused = owner(caller, actor.get(), "roll death saves for");
        if (refused != null) return r.error(refused);
        var roll = actors.roll(Actors.d20(r.body()));
        var a = actors.writable(actor.get());
        var attrs = a.withObjectProperty("system").withObjectProperty("attributes");
        var death = attrs.withObjectProperty("death");
        int natural = Actors.natural(roll);
        int success = death.path("success").asInt(0), failure = death.path("failure").asInt(0);
        if (natural == 20) {
            success = 0;
            failure = 0;
            attrs.withObjectProperty("hp").put("value", 1);
        } else if (roll.total() >= 10) {
            success = Math.min(3, success + 1);
        } else {
            failure = Math.min(3, failure + (natural == 1 ? 2 : 1));
        }
        death.put("success", success).put("failure", failure);
        if (failure >= 3) addStatus(a, "dead", "Dead");
        else if (success >= 3) addStatus(a, "stable", "Stable");
        actors.changed(a, Json.object().set("system", Json.object().set("attributes", Json.object().set("death", death.deepCopy()))),
                Json.text(r.get("userId")));
        var reply = rolled(r, a, null, null, roll);
        ((ObjectNode) reply.get("data")).set("deathSaves", death.deepCopy());
        return reply;
    }

    private void addStatus(ObjectNode actor, String status, String name) {
        var effects = actor.withArray("effects");
        for (var e : effects) for (var s : e.path("statuses")) if (s.asText().equals(status)) return;
        var effect = effects.addObject().put("_id", context.newId()).put("name", name)
                .put("img", "icons/svg/" + (status.equals("dead") ? "skull" : "heal") + ".svg").put("disabled", false);
        effect.putArray("statuses").add(status);
        effect.putArray("changes");
        effect.putObject("duration");
        effect.putNull("origin");
        actors.events.hook("createActiveEffect", effect, Json.object());
        actors.events.actor(Actors.uuid(actor), "effect-add", Json.object().put("effectId", Documents.idOf(effect)).put("status", status));
    }

    private ObjectNode concentrationSave(Request r, Caller caller) {
        var uuid = Json.text(r.get("actorUuid"));
        var name = Json.text(r.get("actorName"));
        if (uuid == null && name == null) return r.error("actorUuid or actorName is required");
        var actor = actors.byUuidOrName(uuid, name);
        if (actor.isEmpty()) return r.error("Actor not found: " + (uuid != null ? uuid : name));
        if (!r.get("damage").isNumber()) return r.error("damage must be a number");
        var refused = owner(caller, actor.get(), "roll concentration saves for");
        if (refused != null) return r.error(refused);
        var effect = Dnd5eArea.concentrationEffect(actor.get());
        if (effect == null) return r.error("Actor '" + actor.get().path("name").asText() + "' is not concentrating");
        int dc = Math.max(10, (int) Math.floor(r.get("damage").asDouble() / 2));
        var roll = actors.roll(Actors.d20(r.body(), Actors.save(actor.get(), "con")));
        boolean maintained = roll.total() >= dc;
        if (!maintained) actors.removeEffect(actors.writable(actor.get()), Documents.idOf(effect));
        var reply = Dnd5eArea.data(r);
        var data = (ObjectNode) reply.get("data");
        data.put("actorUuid", Actors.uuid(actor.get())).put("dc", dc);
        Json.putNumber(data, "total", roll.total());
        data.put("formula", roll.formula());
        data.set("result", Actors.rollJson(roll));
        data.put("maintained", maintained);
        return reply;
    }

    // --- rests -------------------------------------------------------------------------------------------

    private ObjectNode rest(Request r, Caller caller, boolean longRest) {
        var uuid = Json.text(r.get("actorUuid"));
        if (uuid == null && !Json.truthy(r.get("selected"))) return r.error("Either actorUuid or selected must be provided");
        var actor = uuid != null ? actors.byUuid(uuid) : actors.selected();
        if (actor.isEmpty()) return r.error(uuid != null ? "Actor not found" : "No token selected");
        var refused = owner(caller, actor.get(), longRest ? "perform a long rest on" : "perform a short rest on");
        if (refused != null) return r.error(refused);
        var a = actors.writable(actor.get());
        var hp = a.withObjectProperty("system").withObjectProperty("attributes").withObjectProperty("hp");
        int before = hp.path("value").asInt(0), max = hp.path("max").asInt(0);
        int dhd = 0;
        var result = Json.object().put("type", longRest ? "long" : "short");
        var rolls = result.putArray("rolls");
        boolean newDay = longRest && (!r.get("newDay").isBoolean() || r.get("newDay").asBoolean());
        if (longRest) {
            hp.put("value", max).put("temp", 0);
            var spells = a.withObjectProperty("system").withObjectProperty("spells");
            spells.properties().forEach(e -> {
                if (e.getValue() instanceof ObjectNode slot && slot.has("max")) slot.put("value", slot.path("max").asInt(0));
            });
            a.withObjectProperty("system").withObjectProperty("attributes").withObjectProperty("death").put("success", 0).put("failure", 0);
            // Half the character's hit dice come back (at least one).
            int regain = Math.max(1, Actors.level(a) / 2);
            for (var item : Actors.items(a)) {
                if (!item.path("type").asText().equals("class") || regain <= 0) continue;
                var hd = ((ObjectNode) item).withObjectProperty("system").withObjectProperty("hd");
                int back = Math.min(regain, hd.path("spent").asInt(0));
                hd.put("spent", hd.path("spent").asInt(0) - back);
                regain -= back;
                dhd += back;
            }
        } else if (Json.truthy(r.get("autoHD"))) {
            int threshold = r.get("autoHDThreshold").isNumber() ? r.get("autoHDThreshold").asInt() : 3;
            int con = Actors.mod(a, "con");
            for (var item : Actors.items(a)) {
                if (!item.path("type").asText().equals("class")) continue;
                var hd = ((ObjectNode) item).withObjectProperty("system").withObjectProperty("hd");
                var denomination = hd.path("denomination").asText("d8");
                while (hd.path("spent").asInt(0) < item.path("system").path("levels").asInt(0)
                        && max - hp.path("value").asInt(0) >= threshold) {
                    var roll = actors.roll("1" + denomination + (con < 0 ? " - " : " + ") + Math.abs(con));
                    rolls.add(Actors.rollJson(roll));
                    hp.put("value", Math.min(max, hp.path("value").asInt(0) + Math.max(0, (int) roll.total())));
                    hd.put("spent", hd.path("spent").asInt(0) + 1);
                    dhd--;
                }
            }
        }
        recoverUses(a, longRest, newDay);
        int dhp = hp.path("value").asInt(0) - before;
        result.put("dhd", dhd).put("dhp", dhp).put("longRest", longRest).put("newDay", newDay);
        actors.changed(a, Json.object().set("system", a.path("system").deepCopy()), Json.text(r.get("userId")));
        var reply = Dnd5eArea.data(r);
        ((ObjectNode) reply.get("data")).put("actorUuid", Actors.uuid(a)).set("result", result);
        return reply;
    }

    private static void recoverUses(ObjectNode actor, boolean longRest, boolean newDay) {
        for (var item : Actors.items(actor)) {
            var uses = item.path("system").path("uses");
            if (!(uses instanceof ObjectNode u) || u.path("max").asInt(0) <= 0) continue;
            boolean recovers = false;
            for (var rec : u.path("recovery")) {
                var period = rec.path("period").asText();
                recovers |= period.equals("sr") || (longRest && period.equals("lr")) || (newDay && period.equals("day"));
            }
            if (recovers) u.put("value", u.path("max").asInt()).put("spent", 0);
        }
    }

    // --- using items ---------------------------------------------------------------------------------

    private ObjectNode use(Request r, Caller caller, Predicate<String> types) {
        var uuid = Json.text(r.get("actorUuid"));
        var abilityUuid = Json.text(r.get("abilityUuid"));
        var abilityName = Json.text(r.get("abilityName"));
        if (abilityUuid == null && abilityName == null) return r.error("abilityUuid or abilityName is required");
        var actor = actors.byUuid(uuid);
        if (actor.isEmpty()) return r.error("Actor not found with UUID: " + uuid);
        var refused = owner(caller, actor.get(), "use abilities on");
        if (refused != null) return r.error(refused);
        var found = Actors.item(actor.get(), abilityUuid, abilityName, types);
        if (found.isEmpty()) return r.error("Ability not found on actor " + actor.get().path("name").asText());
        var a = actors.writable(actor.get());
        var item = Actors.item(a, Actors.itemUuid(a, found.get()), null, t -> true).orElseThrow();
        var system = item.withObjectProperty("system");
        // Consumption first: a use, or a spell slot of the spell's level; nothing left means nothing happens.
        var uses = system.path("uses");
        if (uses instanceof ObjectNode u && u.path("max").asInt(0) > 0) {
            if (u.path("value").asInt(0) <= 0) return r.error("Action could not be performed");
            u.put("value", u.path("value").asInt() - 1).put("spent", u.path("spent").asInt(0) + 1);
            if (u.path("value").asInt() == 0 && item.path("type").asText().equals("consumable") && system.path("quantity").asInt(1) > 1) {
                system.put("quantity", system.path("quantity").asInt() - 1);
                u.put("value", u.path("max").asInt()).put("spent", 0);
            }
        }
        int level = system.path("level").asInt(0);
        if (item.path("type").asText().equals("spell") && level > 0 && !system.path("preparation").path("mode").asText("").equals("atwill")) {
            var slot = a.withObjectProperty("system").withObjectProperty("spells").withObjectProperty("spell" + level);
            if (slot.path("value").asInt(0) <= 0) return r.error("Action could not be performed");
            slot.put("value", slot.path("value").asInt() - 1);
        }
        var reply = Dnd5eArea.data(r);
        var data = (ObjectNode) reply.get("data");
        data.put("uuid", Actors.uuid(a)).put("ability", item.path("name").asText());
        var actionType = system.path("actionType").asText("");
        if (item.path("type").asText().equals("weapon") || ATTACKS.contains(actionType)) {
            var ability = system.path("ability").asText(item.path("type").asText().equals("spell") ? "int" : "str");
            data.set("roll", Actors.rollJson(actors.roll(Actors.d20(r.body(), Actors.mod(a, ability), Actors.prof(a)))));
        }
        var parts = system.path("damage").path("parts");
        if (parts.isArray() && !parts.isEmpty()) {
            var damage = data.putArray("damageRolls");
            for (var part : parts) {
                var roll = actors.roll(part.path(0).asText("0"));
                var json = Actors.rollJson(roll).put("type", part.path(1).asText(""));
                damage.add(json);
                if (part.path(1).asText("").equals("healing")) {
                    var hp = a.withObjectProperty("system").withObjectProperty("attributes").withObjectProperty("hp");
                    hp.put("value", Math.min(hp.path("max").asInt(), hp.path("value").asInt(0) + (int) roll.total()));
                }
            }
        }
        var properties = system.path("properties");
        boolean concentration = false;
        for (var p : properties) concentration |= p.asText().equals("concentration");
        if (concentration) concentrate(a, item);
        actors.itemChanged(a, item, Json.object().set("system", system.deepCopy()));
        actors.changed(a, Json.object().set("system", a.path("system").deepCopy()), Json.text(r.get("userId")));
        return reply;
    }

    // A new concentration spell ends the previous one.
    private void concentrate(ObjectNode actor, ObjectNode spell) {
        var previous = Dnd5eArea.concentrationEffect(actor);
        if (previous != null) actors.removeEffect(actor, Documents.idOf(previous));
        var effect = actor.withArray("effects").addObject().put("_id", context.newId()).put("name", "Concentrating: " + spell.path("name").asText())
                .put("img", "systems/dnd5e/icons/svg/statuses/concentrating.svg");
        effect.putArray("statuses").add("concentrating");
        effect.put("origin", Actors.itemUuid(actor, spell)).put("disabled", false);
        effect.putObject("duration");
        effect.putArray("changes");
        effect.put("transfer", false);
        actors.events.hook("createActiveEffect", effect, Json.object());
        actors.events.actor(Actors.uuid(actor), "effect-add", Json.object().put("effectId", Documents.idOf(effect)).put("status", "concentrating"));
    }
}
