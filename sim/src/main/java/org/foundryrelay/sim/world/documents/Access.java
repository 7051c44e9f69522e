package org.foundryrelay.sim.world.documents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Fixture.User;
import org.foundryrelay.sim.world.Json;

/**
 * Foundry's ownership levels as the module applies them ({@code utils/permissions.ts}): GMs own everything;
 * embedded documents follow their parent, tokens their actor; chat messages are owned by their author and
 * visible to everyone unless whispered. Reads give full data from OBSERVER, a stub at LIMITED, nothing below.
 */
public final class Access {
    public static final int NONE = 0, LIMITED = 1, OBSERVER = 2, OWNER = 3;

    private Access() {}

    /** The level {@code user} has on {@code ref}; null (GM-level caller) and GMs get OWNER. */
    public static int level(Documents documents, Ref ref, User user) {
        if (user == null || user.isGM()) return OWNER;
        if (ref.inCompendium()) return OBSERVER;
        return switch (ref.documentName()) {
            case "Token" -> Documents.byId(documents.collection("actors"), ref.doc().path("actorId").asText(null))
                    .map(actor -> ownership(actor, user)).orElse(NONE);
            case "ChatMessage" -> chatLevel(ref.doc(), user);
            case "Folder" -> OBSERVER;
            case "User" -> user.id().equals(ref.id()) ? OWNER : LIMITED;
            default -> ref.parent() != null && !ref.documentName().equals("Actor") ? level(documents, ref.parent(), user)
                    : ownership(ref.doc(), user);
        };
    }

    /** {@code doc.ownership[user] ?? doc.ownership.default ?? NONE}. */
    public static int ownership(ObjectNode doc, User user) {
        var ownership = doc.path("ownership");
        var own = ownership.get(user.id());
        if (own == null) own = ownership.get("default");
        return own == null || !own.isNumber() ? NONE : own.intValue();
    }

    private static int chatLevel(ObjectNode message, User user) {
        if (user.id().equals(message.path("author").asText())) return OWNER;
        var whisper = message.path("whisper");
        if (whisper.isEmpty()) return OBSERVER;
        for (var id : whisper) if (user.id().equals(id.asText())) return OBSERVER;
        return NONE;
    }

    /** The module's {@code toLimitedData}: {@code {uuid, name, type, img}}. */
    public static ObjectNode limited(Ref ref) {
        var node = Json.object();
        node.put("uuid", ref.uuid());
        node.put("name", ref.name());
        putText(node, "type", ref.doc().get("type") == null ? ref.documentName() : ref.doc().path("type").asText());
        putText(node, "img", ref.doc().path("img").asText(null));
        return node;
    }

    /** {@code serializeWithPermission}: the full document, the LIMITED stub, or null. */
    public static ObjectNode serialize(Documents documents, Ref ref, User user) {
        int level = level(documents, ref, user);
        if (level >= OBSERVER) return Serial.toObject(ref.doc());
        return level == LIMITED ? limited(ref) : null;
    }

    /** The module's {@code assertWritePermission} text. */
    public static String noPermission(User user, String operation, Ref ref) {
        return "User '" + user.name() + "' does not have permission to " + operation + " '" + ref.label() + "'";
    }

    /** The module's {@code assertGM} text. */
    public static String notGm(User user, String operation) {
        return "User '" + user.name() + "' must be a GM to " + operation;
    }

    /** True when the caller may not do a GM-only thing. */
    public static boolean lacksGm(User user) {
        return user != null && !user.isGM();
    }

    private static void putText(ObjectNode node, String key, String value) {
        if (value == null) node.putNull(key);
        else node.put(key, value);
    }
}
