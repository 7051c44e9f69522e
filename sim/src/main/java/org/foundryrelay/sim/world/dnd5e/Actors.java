package org.foundryrelay.sim.world.dnd5e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.foundryrelay.sim.dice.Roll;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Json;
import org.foundryrelay.sim.world.WorldContext;
import org.foundryrelay.sim.world.canvas.Scenes;
import org.foundryrelay.sim.world.events.DocumentEvents;

/**
 * dnd5e actors as the system computes them: lookups by uuid or name, ability modifiers, proficiency,
 * saves and skills derived from the stored {@code system} data, d20 formulas with advantage and bonus,
 * and writing changes back with the update hooks the module forwards.
 */
final class Actors {
    static final List<String> ABILITIES = List.of("str", "dex", "con", "int", "wis", "cha");
    /** The 18 dnd5e skills and their default abilities. */
    static final Map<String, String> SKILLS;

    static {
        var m = new LinkedHashMap<String, String>();
        String[][] pairs = {{"acr", "dex"}, {"ani", "wis"}, {"arc", "int"}, {"ath", "str"}, {"dec", "cha"}, {"his", "int"},
                {"ins", "wis"}, {"itm", "cha"}, {"inv", "int"}, {"med", "wis"}, {"nat", "int"}, {"prc", "wis"},
                {"prf", "cha"}, {"per", "cha"}, {"rel", "int"}, {"slt", "dex"}, {"ste", "dex"}, {"sur", "wis"}};
        for (var p : pairs) m.put(p[0], p[1]);
        SKILLS = java.util.Collections.unmodifiableMap(m);
    }

    static final List<String> DENOMINATIONS = List.of("pp", "gp", "ep", "sp", "cp");

    final WorldContext context;
    final Documents docs;
    final DocumentEvents events;
    private final Supplier<List<String>> controlled;

    Actors(WorldContext context, DocumentEvents events, Supplier<List<String>> controlled) {
        this.context = context;
        this.docs = context.documents();
        this.events = events;
        this.controlled = controlled;
    }

    /** The world actor an {@code Actor.<id>} or token uuid points at. */
    Optional<ObjectNode> byUuid(String uuid) {
        if (uuid == null) return Optional.empty();
        var parts = uuid.split("\\.");
        String id = null;
        if (parts.length == 2 && parts[0].equals("Actor")) id = parts[1];
        else if (parts.length >= 6 && parts[4].equals("Actor")) id = parts[5];
        else if (parts.length >= 4 && parts[0].equals("Scene") && parts[2].equals("Token")) {
            id = Scenes.byId(docs, parts[1]).flatMap(s -> Documents.byId(Scenes.embedded(s, "tokens"), parts[3]))
                    .map(t -> t.path("actorId").asText(null)).orElse(null);
        }
        return Documents.byId(docs.collection("actors"), id);
    }

    /** By uuid, else by case-insensitive name. */
    Optional<ObjectNode> byUuidOrName(String uuid, String name) {
        if (uuid != null) return byUuid(uuid);
        if (name == null) return Optional.empty();
        for (var a : docs.collection("actors")) {
            if (a.path("name").asText("").equalsIgnoreCase(name)) return Optional.of((ObjectNode) a);
        }
        return Optional.empty();
    }

    /** The actor of the first token the GM has selected. */
    Optional<ObjectNode> selected() {
        var scene = Scenes.active(docs);
        var ids = controlled.get();
        if (scene.isEmpty() || ids.isEmpty()) return Optional.empty();
        return Documents.byId(Scenes.embedded(scene.get(), "tokens"), ids.getFirst())
                .flatMap(t -> Documents.byId(docs.collection("actors"), t.path("actorId").asText(null)));
    }

    /** The actor in the writable tree; use after reading it to change it. */
    ObjectNode writable(ObjectNode actor) {
        var id = Documents.idOf(actor);
        return Documents.byId(docs.writableCollection("actors"), id).orElseThrow();
    }

    static String uuid(JsonNode actor) {
        return "Actor." + Documents.idOf(actor);
    }

    static String itemUuid(JsonNode actor, JsonNode item) {
        return uuid(actor) + ".Item." + Documents.idOf(item);
    }

    static ArrayNode items(JsonNode actor) {
        return actor.get("items") instanceof ArrayNode a ? a : Json.array();
    }

    /** An item by uuid (its last segment is the id) or case-insensitive name, among those {@code types} allows. */
    static Optional<ObjectNode> item(JsonNode actor, String uuid, String name, java.util.function.Predicate<String> types) {
        for (var i : items(actor)) {
            if (!types.test(i.path("type").asText())) continue;
            boolean match = uuid != null ? uuid.substring(uuid.lastIndexOf('.') + 1).equals(Documents.idOf(i))
                    : name != null && i.path("name").asText("").equalsIgnoreCase(name);
            if (match) return Optional.of((ObjectNode) i);
        }
        return Optional.empty();
    }

    // --- derived values --------------------------------------------------------------------------

    static int mod(JsonNode actor, String ability) {
        return Math.floorDiv(actor.path("system").path("abilities").path(ability).path("value").asInt(10) - 10, 2);
    }

    static int level(JsonNode actor) {
        int levels = 0;
        for (var i : items(actor)) if (i.path("type").asText().equals("class")) levels += i.path("system").path("levels").asInt(0);
        return levels > 0 ? levels : actor.path("system").path("details").path("level").asInt(0);
    }

    static int prof(JsonNode actor) {
        var stored = actor.path("system").path("attributes").path("prof");
        if (stored.isNumber()) return stored.asInt();
        int lvl = level(actor);
        if (lvl <= 0) lvl = (int) Math.max(1, Math.floor(actor.path("system").path("details").path("cr").asDouble(1)));
        return 2 + (lvl - 1) / 4;
    }

    static int save(JsonNode actor, String ability) {
        boolean proficient = actor.path("system").path("abilities").path(ability).path("proficient").asInt(0) > 0;
        return mod(actor, ability) + (proficient ? prof(actor) : 0);
    }

    static String skillAbility(JsonNode actor, String skill) {
        return actor.path("system").path("skills").path(skill).path("ability").asText(SKILLS.get(skill));
    }

    static int skillTotal(JsonNode actor, String skill) {
        double multiplier = actor.path("system").path("skills").path(skill).path("value").asDouble(0);
        return mod(actor, skillAbility(actor, skill)) + (int) Math.floor(multiplier * prof(actor));
    }

    /** {@code 1d20} (or 2d20 kept high/low) plus each modifier, then the caller's bonus formula. */
    static String d20(JsonNode request, int... mods) {
        var sb = new StringBuilder(Json.truthy(request.get("advantage")) && !Json.truthy(request.get("disadvantage")) ? "2d20kh"
                : Json.truthy(request.get("disadvantage")) && !Json.truthy(request.get("advantage")) ? "2d20kl" : "1d20");
        for (int m : mods) sb.append(m < 0 ? " - " : " + ").append(Math.abs(m));
        var bonus = Json.text(request.get("bonus"));
        if (bonus != null && !bonus.isBlank()) sb.append(" + ").append(bonus.strip());
        return sb.toString();
    }

    Roll roll(String formula) {
        return context.roller().roll(formula);
    }

    /** A roll as the module reports it: formula, total, dice, critical and fumble flags. */
    static ObjectNode rollJson(Roll roll) {
        var out = Json.object().put("formula", roll.formula());
        Json.putNumber(out, "total", roll.total());
        out.put("isCritical", roll.isCritical()).put("isFumble", roll.isFumble());
        var dice = out.putArray("dice");
        for (var term : roll.dice()) {
            var die = dice.addObject().put("faces", term.faces());
            var results = die.putArray("results");
            term.results().forEach(res -> results.addObject().put("result", res.result()).put("active", res.active()));
        }
        return out;
    }

    /** The first die's natural result of a d20 roll (the kept one under advantage). */
    static int natural(Roll roll) {
        if (roll.dice().isEmpty()) return 0;
        return roll.dice().getFirst().results().stream().filter(r -> r.active()).mapToInt(r -> r.result()).findFirst().orElse(0);
    }

    /** Emits the module's events for an actor change; {@code changes} is the update's diff. */
    void changed(ObjectNode actor, ObjectNode changes, String userId) {
        events.actorUpdated(actor, changes, userId);
    }

    /** Removes an effect from a writable actor, with the module's events; returns its id. */
    String removeEffect(ObjectNode actor, String effectId) {
        var effects = actor.withArray("effects");
        for (int i = 0; i < effects.size(); i++) {
            if (effectId.equals(Documents.idOf(effects.get(i)))) {
                events.hook("deleteActiveEffect", effects.get(i), Json.object());
                events.actor(uuid(actor), "effect-remove", Json.object().put("effectId", effectId));
                effects.remove(i);
                break;
            }
        }
        return effectId;
    }

    /** Emits the events for an embedded item change. */
    void itemChanged(ObjectNode actor, ObjectNode item, ObjectNode changes) {
        events.hook("updateItem", item, changes, Json.object().put("diff", true));
        events.actor(uuid(actor), "item-update", Json.object().put("itemId", Documents.idOf(item))
                .put("itemName", item.path("name").asText()).set("changes", changes));
    }

}
