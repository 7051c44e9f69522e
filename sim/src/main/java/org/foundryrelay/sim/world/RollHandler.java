package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.foundryrelay.sim.dice.Roll;
import org.foundryrelay.sim.world.Docs.ActorDoc;
import org.foundryrelay.sim.world.Docs.TokenDoc;

/**
 * The module's roll router: {@code rolls}, {@code last-roll} and {@code roll}. The caller's userId has
 * already been validated; these requests are never filtered by user.
 */
final class RollHandler {
    private static final int DEFAULT_LIMIT = 20;

    private final Documents fixture;
    private final RollLog log;
    private final ChatHook chatHook;
    private final Roller roller;
    private final LongSupplier clock;
    private final RandomGenerator random;

    RollHandler(Documents fixture, RollLog log, ChatHook chatHook, Roller roller, LongSupplier clock, RandomGenerator random) {
        this.fixture = fixture;
        this.log = log;
        this.chatHook = chatHook;
        this.roller = roller;
        this.clock = clock;
        this.random = random;
    }

    ObjectNode handle(Request request) {
        return switch (request.type()) {
            case "rolls" -> rolls(request);
            case "last-roll" -> lastRoll(request);
            case "roll" -> roll(request);
            default -> throw new IllegalArgumentException(request.type());
        };
    }

    /** {@code recentRolls.slice(0, data.limit || 20)}. */
    private ObjectNode rolls(Request request) {
        var limit = request.get("limit");
        double end = Json.truthy(limit) ? Json.toNumber(limit) : DEFAULT_LIMIT;
        var reply = request.reply();
        reply.set("data", log.slice(end));
        return reply;
    }

    private ObjectNode lastRoll(Request request) {
        var reply = request.reply();
        var newest = log.newest();
        if (newest == null) reply.putNull("data");
        else reply.set("data", newest);
        return reply;
    }

    private ObjectNode roll(Request request) {
        var formulaNode = request.get("formula");
        var flavorNode = request.get("flavor");
        var flavor = Json.truthy(flavorNode) ? Json.jsString(flavorNode) : "";
        boolean createChatMessage = Json.truthy(request.get("createChatMessage"));
        var speaker = Json.truthy(request.get("speaker")) ? speakerData(Json.text(request.get("speaker"))) : Json.object();

        Roll roll;
        try {
            if (formulaNode.isMissingNode() || formulaNode.isNull() || formulaNode.isContainerNode()) {
                throw new IllegalArgumentException("no formula given");
            }
            roll = roller.roll(formulaNode.isTextual() ? formulaNode.textValue() : Json.jsString(formulaNode));
        } catch (RuntimeException e) {
            var reply = request.reply();
            reply.put("success", false);
            reply.put("error", "Failed to roll formula: " + e.getMessage());
            return reply;
        }
        long now = clock.getAsLong();
        if (createChatMessage) {
            // Foundry fires createChatMessage before toMessage resolves, so the hook's entry lands first.
            chatHook.created(new ChatMessage(Ids.documentId(random), fixture.gm(), messageSpeaker(speaker), flavor, roll,
                    List.of(), now, Json.object()));
        }
        var id = Ids.manualRollId(now, random);
        var formula = formulaNode.isTextual() ? formulaNode.textValue() : Json.jsString(formulaNode);
        boolean critical = roll.isCritical(), fumble = roll.isFumble();

        var result = Json.object();
        result.put("id", id);
        result.put("chatMessageCreated", createChatMessage);
        var rollJson = result.putObject("roll");
        rollJson.put("formula", formula);
        Json.putNumber(rollJson, "total", roll.total());
        rollJson.put("isCritical", critical);
        rollJson.put("isFumble", fumble);
        rollJson.set("dice", RollJson.dice(roll));
        rollJson.put("timestamp", now);

        log.addFirst(RollJson.entry(id, createChatMessage ? id : null, null, speaker, flavor, roll, formula,
                critical, fumble, now));

        var reply = request.reply();
        reply.put("success", true);
        reply.set("data", result);
        return reply;
    }

    /**
     * The module's speaker lookup: a token gives {@code {token, actor, scene, alias}}; an actor gives its
     * first token on the active scene, or {@code {actor, alias}} without one; with no active scene, or for
     * anything else, the speaker stays {@code {}}.
     */
    private ObjectNode speakerData(String uuid) {
        var speaker = Json.object();
        var doc = Docs.fromUuid(fixture, uuid).orElse(null);
        if (doc instanceof TokenDoc(var scene, var token)) {
            var actor = fixture.actor(token.actorId());
            speaker.put("token", token.id());
            actor.ifPresent(a -> speaker.put("actor", a.id()));
            speaker.put("scene", scene.id());
            var alias = token.name() != null && !token.name().isEmpty() ? token.name() : actor.map(Fixture.Actor::name).orElse(null);
            if (alias != null) speaker.put("alias", alias);
        } else if (doc instanceof ActorDoc actorDoc && fixture.activeScene().isPresent()) {
            var actor = actorDoc.actor();
            var scene = fixture.activeScene().get();
            var token = scene.tokens().stream()
                    .filter(t -> actor.id().equals(t.actorId()) && fixture.actor(t.actorId()).isPresent())
                    .findFirst();
            if (token.isPresent()) {
                speaker.put("token", token.get().id());
                speaker.put("actor", actor.id());
                speaker.put("scene", scene.id());
                speaker.put("alias", token.get().name() != null && !token.get().name().isEmpty() ? token.get().name() : actor.name());
            } else {
                speaker.put("actor", actor.id());
                speaker.put("alias", actor.name());
            }
        }
        return speaker;
    }

    /** The speaker as the created ChatMessage stores it (schema order, missing ids null). */
    private static ObjectNode messageSpeaker(ObjectNode data) {
        return ChatMessage.speaker(Json.text(data.get("scene")), Json.text(data.get("actor")),
                Json.text(data.get("token")), Json.text(data.get("alias")));
    }
}
