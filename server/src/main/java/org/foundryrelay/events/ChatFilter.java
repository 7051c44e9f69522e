package org.foundryrelay.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.foundryrelay.foundry.WorldSocket.WorldUser;
import org.foundryrelay.json.Json;

/**
 * What a chat subscriber asked to see: messages of one speaker alias, only whispers, and only what one
 * Foundry user may read (whispers to others are left out unless that user is a GM). Null fields match
 * everything; deletions always pass.
 *
 * @param viewerId the user whose view is applied; null for the GM's view
 */
record ChatFilter(String speaker, boolean whisperOnly, String viewerId) {

    /** Reads the stream's query parameters; {@code user} is the bound or requested user (id or name). */
    static ChatFilter of(String speaker, String whisperOnly, String user, List<WorldUser> users) {
        String viewer = null;
        if (user != null) {
            var match = users.stream().filter(u -> u.id().equals(user) || u.name().equalsIgnoreCase(user)).findFirst();
            if (match.isPresent() && match.get().role() < 3) viewer = match.get().id();
        }
        return new ChatFilter(speaker == null || speaker.isEmpty() ? null : speaker,
                "true".equalsIgnoreCase(whisperOnly), viewer);
    }

    boolean matches(Event e) {
        if (!e.name().equals("chat-create") && !e.name().equals("chat-update")) return true;
        JsonNode m;
        try {
            m = Json.parse(e.data());
        } catch (Exception ex) {
            return false;
        }
        var whisper = m.path("whisper");
        boolean whispered = whisper.isArray() && !whisper.isEmpty();
        if (whisperOnly && !whispered) return false;
        if (speaker != null && !speaker.equals(m.at("/speaker/alias").asText(null))) return false;
        if (viewerId == null || !whispered || viewerId.equals(m.at("/author/id").asText(null))) return true;
        for (var id : whisper) if (viewerId.equals(id.asText())) return true;
        return false;
    }
}
