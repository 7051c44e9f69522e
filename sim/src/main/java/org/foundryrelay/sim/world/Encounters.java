package org.foundryrelay.sim.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.foundryrelay.sim.world.Docs.TokenDoc;
import org.foundryrelay.sim.world.Fixture.Scene;
import org.foundryrelay.sim.world.Fixture.Token;

/**
 * The world's combats ({@code game.combats}) and the viewed one ({@code game.combat}), plus the Foundry
 * operations on them that more than one request uses: creating combatants from tokens, rolling
 * initiative, activating and deleting.
 */
final class Encounters {
    private final Documents fixture;
    private final RandomGenerator random;
    private final Roller roller;
    private final ChatHook chatHook;
    private final LongSupplier clock;
    private final Supplier<List<TokenDoc>> controlled;
    final CombatListener events;
    private final List<Combat> combats = new ArrayList<>(); // no backing array until the first combat
    private Combat viewed;

    Encounters(Documents fixture, RandomGenerator random, Roller roller, ChatHook chatHook, LongSupplier clock,
               Supplier<List<TokenDoc>> controlled, CombatListener events) {
        this.fixture = fixture;
        this.random = random;
        this.roller = roller;
        this.chatHook = chatHook;
        this.clock = clock;
        this.controlled = controlled;
        this.events = events;
    }

    Documents fixture() {
        return fixture;
    }

    List<Combat> all() {
        return combats;
    }

    /** {@code game.combat}; null when there is none. */
    Combat viewed() {
        return viewed;
    }

    Optional<Combat> get(String id) {
        return combats.stream().filter(c -> c.id.equals(id)).findFirst();
    }

    /** {@code canvas.tokens.controlled}: the GM's selected tokens on the viewed scene. */
    List<TokenDoc> controlledTokens() {
        return controlled.get();
    }

    /** Marks the combatants of a token defeated, in every combat (what {@code kill} does to combat). */
    void defeat(String tokenId) {
        for (var combat : combats) {
            for (var c : combat.combatants) if (tokenId.equals(c.tokenId)) c.defeated = true;
        }
    }

    Combat create() {
        var combat = new Combat(Ids.documentId(random));
        combats.add(combat);
        return combat;
    }

    /** {@code combat.activate()}: the only active combat, and the one the GM views. */
    void activate(Combat combat) {
        combats.forEach(c -> c.active = c == combat);
        viewed = combat;
    }

    /** {@code combat.delete()}; the tracker then views an active combat, else the first one left. */
    void delete(Combat combat) {
        combats.remove(combat);
        events.ended(combat);
        if (viewed == combat) {
            viewed = combats.stream().filter(c -> c.active).findFirst().orElse(combats.isEmpty() ? null : combats.getFirst());
        }
    }

    /** A combatant for {@code {tokenId, sceneId}}, taking name, image and visibility from the token. */
    Combatant combatantFor(Combat combat, Scene scene, Token token) {
        var actor = fixture.actor(token.actorId()).orElse(null);
        var name = token.name() != null && !token.name().isEmpty() ? token.name() : actor == null ? null : actor.name();
        var img = token.img() != null ? token.img() : actor != null ? actor.img() : Fixture.defaultImg();
        boolean npc = actor == null || !Docs.hasPlayerOwner(fixture, actor);
        return new Combatant(Ids.documentId(random), combat.id, scene.id(), token.id(), actor == null ? null : actor.id(),
                Docs.tokenUuid(scene, token), actor == null ? null : Docs.actorUuid(scene, token, actor), name, img,
                token.hidden(), npc, actor == null ? 0 : actor.initiativeBonus());
    }

    /** {@code combat.rollAll()}: every combatant without initiative. */
    void rollAll(Combat combat) {
        rollInitiative(combat, combat.combatants.stream().filter(c -> c.initiative == null).toList());
    }

    /** {@code combat.rollNPC()}: every NPC combatant without initiative. */
    void rollNPC(Combat combat) {
        rollInitiative(combat, combat.combatants.stream().filter(c -> c.npc && c.initiative == null).toList());
    }

    /**
     * Foundry's {@code rollInitiative}: roll each, keep the current combatant's turn, then create one chat
     * message per roll (whispered to GMs for hidden combatants).
     */
    private void rollInitiative(Combat combat, List<Combatant> who) {
        var current = combat.current();
        var messages = new ArrayList<ChatMessage>(who.size());
        for (var combatant : who) {
            var roll = roller.roll(combatant.initiativeFormula());
            combatant.initiative = roll.total();
            var flags = Json.object();
            flags.putObject("core").put("initiativeRoll", true);
            var whisper = combatant.hidden
                    ? fixture.users().stream().filter(Fixture.User::isGM).map(Fixture.User::id).toList()
                    : List.<String>of();
            messages.add(new ChatMessage(Ids.documentId(random), fixture.gm(),
                    ChatMessage.speaker(combatant.sceneId, combatant.actorId, combatant.tokenId, combatant.name),
                    combatant.name + " rolls for Initiative!", roll, whisper, clock.getAsLong(), flags));
        }
        combat.keepCurrent(current == null ? null : current.id, events);
        messages.forEach(chatHook::created);
    }
}
