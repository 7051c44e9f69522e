package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.foundryrelay.sim.world.Docs.ActorDoc;
import org.foundryrelay.sim.world.Docs.Doc;
import org.foundryrelay.sim.world.Docs.TokenDoc;
import org.foundryrelay.sim.world.Fixture.User;

/**
 * {@code add-to-encounter} and {@code remove-from-encounter}. There is no GM check: with a user, each
 * entity needs OWNER, and every per-entity failure is listed in {@code failed} while the request still
 * succeeds.
 */
final class CombatantRequests {
    private final Encounters encounters;

    CombatantRequests(Encounters encounters) {
        this.encounters = encounters;
    }

    ObjectNode add(Request request, User user, boolean selected) {
        var combat = EncounterHandler.target(request, encounters);
        var fixture = encounters.fixture();
        var added = Json.array();
        var failed = Json.array();
        for (var uuid : uuids(request)) {
            var doc = Docs.fromUuid(fixture, Json.text(uuid)).orElse(null);
            if (doc == null) {
                fail(failed, uuid, "Entity not found");
            } else if (user != null && !Docs.isOwner(fixture, doc, user)) {
                fail(failed, uuid, Docs.noPermission(user, "add to encounter", doc));
            } else if (doc instanceof TokenDoc(var scene, var token)) {
                // No duplicate check: the module adds the same token again if asked.
                combat.add(List.of(encounters.combatantFor(combat, scene, token)), encounters.events);
                added.add(uuid.deepCopy());
            } else if (doc instanceof ActorDoc actorDoc) {
                var scene = fixture.activeScene();
                if (scene.isEmpty()) {
                    fail(failed, uuid, "No active scene");
                    continue;
                }
                var token = scene.get().tokens().stream()
                        .filter(t -> actorDoc.actor().id().equals(t.actorId()))
                        .findFirst();
                if (token.isEmpty()) {
                    fail(failed, uuid, "No token found for this actor in the current scene");
                    continue;
                }
                combat.add(List.of(encounters.combatantFor(combat, scene.get(), token.get())), encounters.events);
                added.add(uuid.deepCopy());
            } else {
                fail(failed, uuid, "Entity must be a Token or Actor");
            }
        }
        if (selected) {
            for (var tokenDoc : encounters.controlledTokens()) {
                var tokenUuid = Docs.tokenUuid(tokenDoc.scene(), tokenDoc.token());
                if (user != null && !Docs.isOwner(fixture, tokenDoc, user)) {
                    fail(failed, Json.MAPPER.getNodeFactory().textNode(tokenUuid),
                            Docs.noPermission(user, "add to encounter", tokenDoc));
                } else if (find(combat, tokenDoc) == null) {
                    combat.add(List.of(encounters.combatantFor(combat, tokenDoc.scene(), tokenDoc.token())), encounters.events);
                    added.add(tokenUuid);
                }
            }
        }
        if (Json.strictTrue(request.get("rollInitiative")) && !added.isEmpty()) encounters.rollAll(combat);
        return result(request, combat, "added", added, failed);
    }

    ObjectNode remove(Request request, User user, boolean selected) {
        var combat = EncounterHandler.target(request, encounters);
        var fixture = encounters.fixture();
        var removed = Json.array();
        var failed = Json.array();
        var doomed = new LinkedHashSet<String>();
        for (var uuid : uuids(request)) {
            var doc = Docs.fromUuid(fixture, Json.text(uuid)).orElse(null);
            if (doc == null) {
                fail(failed, uuid, "Entity not found");
                continue;
            }
            if (user != null && !Docs.isOwner(fixture, doc, user)) {
                fail(failed, uuid, Docs.noPermission(user, "remove from encounter", doc));
                continue;
            }
            var matches = matching(combat, doc);
            if (matches.isEmpty()) {
                fail(failed, uuid, "No combatant found for this entity");
            } else {
                matches.forEach(c -> doomed.add(c.id));
                removed.add(uuid.deepCopy());
            }
        }
        if (selected) {
            for (var tokenDoc : encounters.controlledTokens()) {
                var tokenUuid = Docs.tokenUuid(tokenDoc.scene(), tokenDoc.token());
                if (user != null && !Docs.isOwner(fixture, tokenDoc, user)) {
                    fail(failed, Json.MAPPER.getNodeFactory().textNode(tokenUuid),
                            Docs.noPermission(user, "remove from encounter", tokenDoc));
                    continue;
                }
                var combatant = find(combat, tokenDoc);
                if (combatant != null) { // not in the combat: silently skipped, as the module does
                    doomed.add(combatant.id);
                    removed.add(tokenUuid);
                }
            }
        }
        combat.remove(doomed, encounters.events);
        return result(request, combat, "removed", removed, failed);
    }

    /** A token's combatant (by token and scene), or all combatants of an actor. */
    private static List<Combatant> matching(Combat combat, Doc doc) {
        return switch (doc) {
            case TokenDoc tokenDoc -> {
                var combatant = find(combat, tokenDoc);
                yield combatant == null ? List.of() : List.of(combatant);
            }
            case ActorDoc actorDoc -> combat.combatants.stream()
                    .filter(c -> actorDoc.actor().id().equals(c.actorId)).toList();
            default -> List.of();
        };
    }

    private static Combatant find(Combat combat, TokenDoc tokenDoc) {
        return combat.combatants.stream()
                .filter(c -> c.tokenId.equals(tokenDoc.token().id()) && c.sceneId.equals(tokenDoc.scene().id()))
                .findFirst().orElse(null);
    }

    private static List<JsonNode> uuids(Request request) {
        var uuids = request.get("uuids");
        var list = new ArrayList<JsonNode>();
        if (uuids.isArray()) uuids.forEach(list::add);
        return list;
    }

    private static void fail(ArrayNode failed, JsonNode uuid, String reason) {
        var entry = failed.addObject();
        entry.set("uuid", uuid.deepCopy());
        entry.put("reason", reason);
    }

    private static ObjectNode result(Request request, Combat combat, String key, ArrayNode done, ArrayNode failed) {
        var reply = request.reply();
        reply.put("encounterId", combat.id);
        reply.set(key, done);
        reply.set("failed", failed);
        return reply;
    }
}
