package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.LongSupplier;

/**
 * The module's shared {@code createChatMessage} hook. While {@code roll-events} is on, a roll message is
 * recorded in the recent rolls (replacing an entry with the same id) and pushed as {@code roll-data};
 * while {@code chat-events} is on, the message is pushed as a {@code chat-event} of type create.
 */
final class ChatHook {
    private final EventChannels channels;
    private final RollLog log;
    private final LongSupplier clock;

    ChatHook(EventChannels channels, RollLog log, LongSupplier clock) {
        this.channels = channels;
        this.log = log;
        this.clock = clock;
    }

    void created(ChatMessage message) {
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
            data.set("data", serialize(message));
            var push = Json.object();
            push.put("type", "chat-event");
            push.set("data", data);
            channels.push(Channel.CHAT, push);
        }
    }

    /** The module's {@code serializeChatMessageForEvent}. */
    private static ObjectNode serialize(ChatMessage message) {
        var roll = message.roll();
        var node = Json.object();
        node.put("id", message.id());
        node.put("uuid", message.uuid());
        node.put("content", RollJson.totalText(roll.total()));
        node.set("speaker", message.speaker().deepCopy());
        node.put("timestamp", message.timestamp());
        var whisper = node.putArray("whisper");
        message.whisper().forEach(whisper::add);
        node.put("type", "base");
        var author = node.putObject("author");
        author.put("id", message.author().id());
        author.put("name", message.author().name());
        node.put("flavor", message.flavor());
        node.put("isRoll", true);
        var rolls = node.putArray("rolls");
        var r = rolls.addObject();
        r.put("formula", roll.formula());
        Json.putNumber(r, "total", roll.total());
        r.put("isCritical", false);
        r.put("isFumble", false);
        r.set("dice", RollJson.dice(roll));
        node.set("flags", message.flags().deepCopy());
        return node;
    }
}
