package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.LongSupplier;
import org.foundryrelay.sim.world.chat.ChatArea;

/**
 * A chat message created in the world (a roll sent to chat, an initiative roll, a roll typed in Foundry's
 * chat): it joins the world's chat log, and the module's shared {@code createChatMessage} hook runs. While
 * {@code roll-events} is on, a roll message is recorded in the recent rolls (replacing an entry with the
 * same id) and pushed as {@code roll-data}; while {@code chat-events} is on, the message is pushed as a
 * {@code chat-event} of type create.
 */
final class ChatHook {
    private final EventChannels channels;
    private final RollLog log;
    private final LongSupplier clock;
    private final Documents documents;

    ChatHook(EventChannels channels, RollLog log, LongSupplier clock, Documents documents) {
        this.channels = channels;
        this.log = log;
        this.clock = clock;
        this.documents = documents;
    }

    void created(ChatMessage message) {
        var doc = document(message);
        documents.writableCollection("messages").add(doc);
        if (channels.isOn(Channel.ROLL)) {
            var author = Json.object();
            author.put("id", message.author().id());
            author.put("name", message.author().name());
            // Core Roll has no isCritical/isFumble getters, so the hook's "|| false" always yields false.
            var entry = RollJson.entry(message.id(), message.id(), author, message.speaker().deepCopy(),
                    message.flavor(), message.roll(), message.roll().formula(), false, false, clock.getAsLong());
            log.record(entry);
            var push = Json.object();
            push.put("type", "roll-data");
            push.set("data", entry.deepCopy());
            channels.push(Channel.ROLL, push);
        }
        if (channels.isOn(Channel.CHAT)) {
            var data = Json.object();
            data.put("eventType", "create");
            data.set("data", ChatArea.serialize(documents, doc));
            var push = Json.object();
            push.put("type", "chat-event");
            push.set("data", data);
            channels.push(Channel.CHAT, push);
        }
    }

    /** The message as the world stores it ({@code toObject()}), its roll as the module serializes rolls. */
    private static ObjectNode document(ChatMessage message) {
        var roll = message.roll();
        var node = Json.object();
        node.put("_id", message.id());
        node.put("type", "base");
        node.put("style", 0);
        node.put("author", message.author().id());
        node.put("timestamp", message.timestamp());
        node.put("flavor", message.flavor());
        node.put("content", RollJson.totalText(roll.total()));
        node.set("speaker", message.speaker().deepCopy());
        var whisper = node.putArray("whisper");
        message.whisper().forEach(whisper::add);
        var r = node.putArray("rolls").addObject();
        r.put("formula", roll.formula());
        Json.putNumber(r, "total", roll.total());
        r.put("isCritical", false);
        r.put("isFumble", false);
        r.set("dice", RollJson.dice(roll));
        node.set("flags", message.flags().deepCopy());
        return node;
    }
}
