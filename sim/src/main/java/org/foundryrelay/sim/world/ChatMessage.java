package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.foundryrelay.sim.dice.Roll;
import org.foundryrelay.sim.world.Fixture.User;

/**
 * A roll chat message as Foundry would create it. {@code speaker} is in Foundry's schema order
 * {@code {scene, actor, token[, alias]}}; {@code whisper} holds recipient user ids.
 */
public record ChatMessage(
        String id, User author, ObjectNode speaker, String flavor, Roll roll, List<String> whisper, long timestamp,
        ObjectNode flags) {

    public ChatMessage {
        whisper = List.copyOf(whisper);
    }

    public String uuid() {
        return "ChatMessage." + id;
    }

    /** A speaker object in schema order; null ids stay as JSON null and a null alias is left out. */
    static ObjectNode speaker(String sceneId, String actorId, String tokenId, String alias) {
        var node = Json.object();
        putIdOrNull(node, "scene", sceneId);
        putIdOrNull(node, "actor", actorId);
        putIdOrNull(node, "token", tokenId);
        if (alias != null) node.put("alias", alias);
        return node;
    }

    private static void putIdOrNull(ObjectNode node, String key, String id) {
        if (id == null || id.isEmpty()) node.putNull(key);
        else node.put(key, id);
    }
}
