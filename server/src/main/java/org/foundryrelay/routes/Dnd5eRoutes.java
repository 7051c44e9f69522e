package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.BODY_THEN_QUERY;
import static org.foundryrelay.routes.Param.Type.ARRAY;
import static org.foundryrelay.routes.Param.Type.BOOLEAN;
import static org.foundryrelay.routes.Param.Type.NUMBER;
import static org.foundryrelay.routes.Param.Type.OBJECT;
import static org.foundryrelay.routes.Param.Type.STRING;

import java.util.ArrayList;
import java.util.List;
import org.foundryrelay.auth.Scope;

/**
 * The D&amp;D 5th edition system: actor details, checks, saves, rests, death saves, concentration, using
 * items and spells, charges, experience and currency. Every parameter may come in the body or the query.
 */
final class Dnd5eRoutes {
    private Dnd5eRoutes() {}

    private static final String GROUP = "dnd5e";
    private static final String ARIA = "Actor.kHvRwMzzuVtYkwMJ";
    private static final String BROM = "Actor.FrCfZ4U2EqkNk6sE";

    private static Param opt(String name, Param.Type type, String description) {
        return Param.optional(name, BODY_THEN_QUERY, type, description);
    }

    private static Param req(String name, Param.Type type, String description) {
        return Param.required(name, BODY_THEN_QUERY, type, description);
    }

    private static final Param ACTOR = req("actorUuid", STRING, "the actor's UUID, e.g. Actor.<id>");
    private static final Param ACTOR_OPT = opt("actorUuid", STRING, "the actor's UUID");
    private static final Param ACTOR_NAME = opt("actorName", STRING, "the actor's name (any case), instead of its UUID");
    private static final Param SELECTED = opt("selected", BOOLEAN, "the actor of the first selected token, instead of actorUuid");
    private static final List<Param> ROLL_OPTIONS = List.of(
            opt("advantage", BOOLEAN, "roll with advantage"),
            opt("disadvantage", BOOLEAN, "roll with disadvantage"),
            opt("bonus", STRING, "an extra formula added to the roll, e.g. 1d4"),
            opt("createChatMessage", BOOLEAN, "post the roll to the chat log"));
    private static final List<Param> USE = List.of(ACTOR,
            opt("abilityUuid", STRING, "the item's UUID"),
            opt("abilityName", STRING, "the item's name (any case)"),
            opt("targetUuid", STRING, "a target token or actor UUID"),
            opt("targetName", STRING, "a target token name"));

    private static Route.Builder row(Route.Builder b, String summary) {
        return b.scope(Scope.DND5E).group(GROUP).summary(summary);
    }

    private static List<Param> with(List<Param> first, Param... more) {
        var all = new ArrayList<>(first);
        all.addAll(List.of(more));
        all.add(USER_ID);
        return all;
    }

    static List<Route> all() {
        return List.of(
                row(Route.get("/dnd5e/get-actor-details", "get-actor-details"),
                        "Chosen parts of an actor: stats, abilities, skills, spells, items, features, details, resources, conditions")
                        .params(ACTOR, req("details", ARRAY, "what to return, e.g. [\"stats\",\"abilities\"]"), USER_ID)
                        .example("/dnd5e/get-actor-details?actorUuid=" + ARIA + "&details=%5B%22stats%22%2C%22abilities%22%5D", null).build(),
                row(Route.post("/dnd5e/modify-item-charges", "modify-item-charges"), "Add or spend an item's charges (uses)")
                        .params(ACTOR, req("amount", NUMBER, "charges to add (negative to spend)"),
                                opt("itemUuid", STRING, "the item's UUID"), opt("itemName", STRING, "the item's name (any case)"), USER_ID)
                        .example("/dnd5e/modify-item-charges", "{\"actorUuid\":\"" + ARIA + "\",\"itemName\":\"Wand of Magic Missiles\",\"amount\":-1}").build(),
                row(Route.post("/dnd5e/use-ability", "use-ability"), "Use any item of the actor (attack and damage rolled, uses spent)")
                        .params(with(USE)).example("/dnd5e/use-ability", "{\"actorUuid\":\"" + BROM + "\",\"abilityName\":\"Longsword\"}").build(),
                row(Route.post("/dnd5e/use-feature", "use-feature"), "Use a feature (feat, class, subclass or background)")
                        .params(with(USE)).example("/dnd5e/use-feature", "{\"actorUuid\":\"" + ARIA + "\",\"abilityName\":\"Arcane Recovery\"}").build(),
                row(Route.post("/dnd5e/use-spell", "use-spell"), "Cast a spell (a slot of its level is spent; concentration starts)")
                        .params(with(USE)).example("/dnd5e/use-spell", "{\"actorUuid\":\"" + ARIA + "\",\"abilityName\":\"Magic Missile\"}").build(),
                row(Route.post("/dnd5e/use-item", "use-item"), "Use an item that is not a feature or a spell")
                        .params(with(USE)).example("/dnd5e/use-item", "{\"actorUuid\":\"" + BROM + "\",\"abilityName\":\"Potion of Healing\"}").build(),
                row(Route.post("/dnd5e/short-rest", "short-rest"), "Take a short rest, optionally spending hit dice")
                        .params(ACTOR_OPT, SELECTED, opt("autoHD", BOOLEAN, "spend hit dice automatically"),
                                opt("autoHDThreshold", NUMBER, "stop spending when fewer hit points than this are missing (3)"), USER_ID)
                        .example("/dnd5e/short-rest", "{\"actorUuid\":\"" + ARIA + "\",\"autoHD\":true}").build(),
                row(Route.post("/dnd5e/long-rest", "long-rest"), "Take a long rest: hit points, spell slots, half the hit dice and uses come back")
                        .params(ACTOR_OPT, SELECTED, opt("newDay", BOOLEAN, "a new day begins (default true)"), USER_ID)
                        .example("/dnd5e/long-rest", "{\"actorUuid\":\"" + ARIA + "\"}").build(),
                row(Route.post("/dnd5e/skill-check", "skill-check"), "Roll a skill check")
                        .params(with(List.of(ACTOR, req("skill", STRING, "acr, ani, arc, ath, dec, his, ins, itm, inv, med, nat, prc, prf, per, rel, slt, ste or sur")),
                                ROLL_OPTIONS.toArray(Param[]::new)))
                        .example("/dnd5e/skill-check", "{\"actorUuid\":\"" + ARIA + "\",\"skill\":\"arc\"}").build(),
                row(Route.post("/dnd5e/ability-save", "ability-save"), "Roll a saving throw")
                        .params(with(List.of(ACTOR, req("ability", STRING, "str, dex, con, int, wis or cha")), ROLL_OPTIONS.toArray(Param[]::new)))
                        .example("/dnd5e/ability-save", "{\"actorUuid\":\"" + ARIA + "\",\"ability\":\"wis\",\"advantage\":true}").build(),
                row(Route.post("/dnd5e/ability-check", "ability-check"), "Roll an ability check")
                        .params(with(List.of(ACTOR, req("ability", STRING, "str, dex, con, int, wis or cha")), ROLL_OPTIONS.toArray(Param[]::new)))
                        .example("/dnd5e/ability-check", "{\"actorUuid\":\"" + BROM + "\",\"ability\":\"str\"}").build(),
                row(Route.post("/dnd5e/death-save", "death-save"), "Roll a death saving throw; three failures kill, a natural 20 revives")
                        .params(ACTOR, opt("advantage", BOOLEAN, "roll with advantage"),
                                opt("createChatMessage", BOOLEAN, "post the roll to the chat log"), USER_ID)
                        .example("/dnd5e/death-save", "{\"actorUuid\":\"" + BROM + "\"}").build(),
                row(Route.post("/dnd5e/modify-experience", "modify-experience"), "Add (or remove) experience points")
                        .params(req("amount", NUMBER, "points to add (negative to remove)"), ACTOR_OPT, SELECTED, USER_ID)
                        .example("/dnd5e/modify-experience", "{\"actorUuid\":\"" + BROM + "\",\"amount\":300}").build(),
                row(Route.get("/dnd5e/concentration", "get-concentration"), "Whether an actor concentrates, and on what")
                        .params(ACTOR_OPT, ACTOR_NAME, USER_ID)
                        .example("/dnd5e/concentration?actorUuid=" + ARIA, null).build(),
                row(Route.post("/dnd5e/concentration-save", "concentration-save"),
                        "Roll a Constitution save to keep concentrating after damage (DC 10 or half the damage)")
                        .params(with(List.of(req("damage", NUMBER, "the damage taken"), ACTOR_OPT, ACTOR_NAME), ROLL_OPTIONS.toArray(Param[]::new)))
                        .example("/dnd5e/concentration-save", "{\"actorUuid\":\"" + ARIA + "\",\"damage\":12}").build(),
                row(Route.post("/dnd5e/break-concentration", "break-concentration"), "End an actor's concentration")
                        .params(ACTOR_OPT, ACTOR_NAME, USER_ID)
                        .example("/dnd5e/break-concentration", "{\"actorName\":\"Aria Windrunner\"}").build(),
                row(Route.post("/dnd5e/equip-item", "equip-item"), "Equip or unequip an item")
                        .params(req("equipped", BOOLEAN, "true to equip"), ACTOR_OPT, ACTOR_NAME,
                                opt("itemUuid", STRING, "the item's UUID"), opt("itemName", STRING, "the item's name (any case)"), USER_ID)
                        .example("/dnd5e/equip-item", "{\"actorUuid\":\"" + BROM + "\",\"itemName\":\"Chain Mail\",\"equipped\":false}").build(),
                row(Route.post("/dnd5e/attune-item", "attune-item"), "Attune to an item, or end the attunement")
                        .params(req("attuned", BOOLEAN, "true to attune"), ACTOR_OPT, ACTOR_NAME,
                                opt("itemUuid", STRING, "the item's UUID"), opt("itemName", STRING, "the item's name (any case)"), USER_ID)
                        .example("/dnd5e/attune-item", "{\"actorUuid\":\"" + BROM + "\",\"itemName\":\"Ring of Protection\",\"attuned\":true}").build(),
                row(Route.post("/dnd5e/transfer-currency", "transfer-currency"), "Move coins from one actor to another")
                        .params(req("currency", OBJECT, "coins to move, e.g. {\"gp\":10,\"sp\":5}"),
                                opt("sourceActorUuid", STRING, "who pays"), opt("sourceActorName", STRING, "who pays, by name"),
                                opt("targetActorUuid", STRING, "who receives"), opt("targetActorName", STRING, "who receives, by name"), USER_ID)
                        .example("/dnd5e/transfer-currency", "{\"sourceActorUuid\":\"" + ARIA + "\",\"targetActorUuid\":\"" + BROM + "\",\"currency\":{\"gp\":10}}").build(),
                row(Route.post("/dnd5e/modify-currency", "modify-currency"), "Add or remove coins of one denomination (never below zero)")
                        .params(req("actorUuid", STRING, "the actor's UUID").alias("uuid"),
                                req("currency", STRING, "pp, gp, ep, sp or cp"), req("amount", NUMBER, "coins to add (negative to remove)"), USER_ID)
                        .example("/dnd5e/modify-currency", "{\"actorUuid\":\"" + BROM + "\",\"currency\":\"gp\",\"amount\":25}").build(),
                row(Route.post("/dnd5e/prepare-spell", "prepare-spell"), "Prepare or unprepare a spell")
                        .params(req("actorUuid", STRING, "the actor's UUID").alias("uuid"),
                                req("spellName", STRING, "the spell's name (any case)").alias("name"),
                                req("prepared", BOOLEAN, "true to prepare"), USER_ID)
                        .example("/dnd5e/prepare-spell", "{\"actorUuid\":\"" + ARIA + "\",\"spellName\":\"Hold Person\",\"prepared\":true}").build());
    }
}
