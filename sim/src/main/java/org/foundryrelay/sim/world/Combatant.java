package org.foundryrelay.sim.world;

/**
 * One combatant of a {@link Combat}. Everything but the initiative is fixed when it is created from a
 * token; {@code actorUuid} is null when the token has no actor.
 */
final class Combatant {
    final String id;
    final String combatId;
    final String sceneId;
    final String tokenId;
    final String actorId;
    final String tokenUuid;
    final String actorUuid;
    final String name;
    final String img;
    final boolean hidden;
    final boolean npc;
    final int initiativeBonus;
    Double initiative;
    boolean defeated;

    Combatant(String id, String combatId, String sceneId, String tokenId, String actorId, String tokenUuid,
              String actorUuid, String name, String img, boolean hidden, boolean npc, int initiativeBonus) {
        this.id = id;
        this.combatId = combatId;
        this.sceneId = sceneId;
        this.tokenId = tokenId;
        this.actorId = actorId;
        this.tokenUuid = tokenUuid;
        this.actorUuid = actorUuid;
        this.name = name;
        this.img = img;
        this.hidden = hidden;
        this.npc = npc;
        this.initiativeBonus = initiativeBonus;
    }

    String uuid() {
        return "Combat." + combatId + ".Combatant." + id;
    }

    /** Foundry's {@code isDefeated}: set when its token is killed. */
    boolean defeated() {
        return defeated;
    }

    /** The dnd5e-style initiative formula: a d20 plus the actor's bonus. */
    String initiativeFormula() {
        if (actorId == null) return "1d20";
        return initiativeBonus < 0 ? "1d20 - " + (-initiativeBonus) : "1d20 + " + initiativeBonus;
    }
}
