package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.foundryrelay.sim.world.Caller.AsUser;
import org.foundryrelay.sim.world.Docs.TokenDoc;
import org.foundryrelay.sim.world.Fixture.User;

/**
 * The module's encounter router. Unlike the module, the encounter selector is read from
 * {@code encounterId} or, failing that, {@code encounter} (what the relay forwards), and start tokens from
 * {@code tokenUuids} or {@code tokens}; a {@code last-round} failure is answered as
 * {@code last-round-result} instead of the module's {@code encounter-navigation}.
 */
final class EncounterHandler {
    /** An error the module throws itself, reported as {@code {type, requestId, error}}. */
    static final class EncounterException extends RuntimeException {
        EncounterException(String message) {
            super(message, null, false, false);
        }
    }

    private final Encounters encounters;
    private final CombatantRequests combatantRequests;

    EncounterHandler(Encounters encounters) {
        this.encounters = encounters;
        this.combatantRequests = new CombatantRequests(encounters);
    }

    ObjectNode handle(Request request, Caller caller) {
        try {
            return switch (request.type()) {
                case "encounters" -> list(request, caller);
                case "start-encounter" -> start(request, caller);
                case "next-turn" -> navigate(request, caller, "advance encounter turns", "nextTurn", Combat::nextTurn);
                case "next-round" -> navigate(request, caller, "advance encounter rounds", "nextRound", Combat::nextRound);
                case "last-turn" -> navigate(request, caller, "revert encounter turns", "previousTurn", Combat::previousTurn);
                case "last-round" -> navigate(request, caller, "revert encounter rounds", "previousRound", Combat::previousRound);
                case "end-encounter" -> end(request, caller);
                case "add-to-encounter" -> combatantRequests.add(request, caller.userOrNull(), selected(request));
                case "remove-from-encounter" -> combatantRequests.remove(request, caller.userOrNull(), selected(request));
                default -> throw new IllegalArgumentException(request.type());
            };
        } catch (RuntimeException e) {
            // The module answers any failure inside its try block with the exception's message.
            var reply = request.error(e.getMessage());
            if (request.type().equals("encounters")) reply.putArray("encounters");
            return reply;
        }
    }

    private ObjectNode list(Request request, Caller caller) {
        Predicate<Combatant> visible = c -> true;
        if (caller instanceof AsUser(var user) && !user.isGM()) {
            // Hidden combatants stay only when their actor is a world actor the user owns.
            visible = c -> !c.hidden || ownsWorldActor(user, c.actorUuid);
        }
        var list = Json.array();
        var viewed = encounters.viewed();
        for (var combat : encounters.all()) list.add(EncounterJson.listed(combat, combat == viewed, visible));
        var reply = request.reply();
        reply.set("encounters", list);
        return reply;
    }

    private boolean ownsWorldActor(User user, String actorUuid) {
        return encounters.fixture().actors().stream()
                .anyMatch(a -> a.uuid().equals(actorUuid) && a.level(user.id()) >= Fixture.OWNER);
    }

    private ObjectNode start(Request request, Caller caller) {
        requireGM(caller, "start encounters");
        var fixture = encounters.fixture();
        var combat = encounters.create();
        var events = encounters.events;
        combat.start(events);

        var uuids = request.get("tokenUuids");
        if (!uuids.isArray()) uuids = request.get("tokens");
        if (uuids.isArray() && !uuids.isEmpty()) {
            var batch = new ArrayList<Combatant>();
            for (var uuid : uuids) {
                // Anything but a token is skipped (the module only logs those failures).
                if (Docs.fromUuid(fixture, Json.text(uuid)).orElse(null) instanceof TokenDoc(var scene, var token)) {
                    batch.add(encounters.combatantFor(combat, scene, token));
                }
            }
            combat.add(batch, events);
        }
        var playerTokenIds = new HashSet<String>();
        if (Json.truthy(request.get("startWithPlayers")) && fixture.activeScene().isPresent()) {
            var scene = fixture.activeScene().get();
            var batch = new ArrayList<Combatant>();
            for (var token : scene.tokens()) {
                var actor = fixture.actor(token.actorId());
                if (actor.isPresent() && Docs.hasPlayerOwner(fixture, actor.get())) {
                    playerTokenIds.add(token.id());
                    batch.add(encounters.combatantFor(combat, scene, token));
                }
            }
            combat.add(batch, events);
        }
        if (Json.truthy(request.get("startWithSelected"))) {
            var batch = new ArrayList<Combatant>();
            for (var selected : encounters.controlledTokens()) {
                if (!playerTokenIds.contains(selected.token().id())) {
                    batch.add(encounters.combatantFor(combat, selected.scene(), selected.token()));
                }
            }
            combat.add(batch, events);
        }
        if (Json.truthy(request.get("rollNPC"))) encounters.rollNPC(combat);
        if (Json.truthy(request.get("rollAll"))) encounters.rollAll(combat);
        encounters.activate(combat);

        var reply = request.reply();
        reply.put("encounterId", combat.id);
        var encounter = EncounterJson.summary(combat);
        encounter.set("combatants", EncounterJson.combatants(combat, c -> true));
        reply.set("encounter", encounter);
        return reply;
    }

    private ObjectNode navigate(Request request, Caller caller, String operation, String action,
                                BiConsumer<Combat, CombatListener> step) {
        requireGM(caller, operation);
        var combat = target(request, encounters);
        step.accept(combat, encounters.events);
        var reply = request.reply();
        EncounterJson.navigation(reply, combat, action);
        return reply;
    }

    private ObjectNode end(Request request, Caller caller) {
        requireGM(caller, "end encounters");
        var selector = selector(request);
        var viewed = encounters.viewed();
        String id = Json.truthy(selector) ? Json.jsString(selector) : viewed == null ? null : viewed.id;
        var combat = id == null ? null : encounters.get(id).orElse(null);
        if (combat == null) throw new EncounterException("No encounter not found");
        encounters.delete(combat);
        var reply = request.reply();
        reply.put("encounterId", combat.id);
        reply.put("message", "Encounter successfully ended");
        return reply;
    }

    private static boolean selected(Request request) {
        return Json.strictTrue(request.get("selected"));
    }

    /** {@code encounterId}, else the relay's {@code encounter}. */
    static JsonNode selector(Request request) {
        var id = request.get("encounterId");
        return Json.truthy(id) ? id : request.get("encounter");
    }

    /** The requested combat, or {@code game.combat} when none is named. */
    static Combat target(Request request, Encounters encounters) {
        var selector = selector(request);
        if (Json.truthy(selector)) {
            var id = Json.jsString(selector);
            return encounters.get(id).orElseThrow(() -> new EncounterException("Encounter with ID " + id + " not found"));
        }
        var viewed = encounters.viewed();
        if (viewed == null) throw new EncounterException("No active encounter");
        return viewed;
    }

    /** The module's {@code assertGM}; GM-level callers (no userId) pass. */
    private static void requireGM(Caller caller, String operation) {
        if (caller instanceof AsUser(var user) && !user.isGM()) {
            throw new EncounterException("User '" + user.name() + "' must be a GM to " + operation);
        }
    }
}
