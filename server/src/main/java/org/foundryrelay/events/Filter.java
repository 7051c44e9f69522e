package org.foundryrelay.events;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.foundryrelay.foundry.WorldSocket.WorldUser;

/**
 * What a subscriber asked to see: rolls by one user (matched by id or, ignoring case, by name), the events
 * of one combat, chat as one user may read it, or hooks, actors or scenes by name, UUID or id. Null fields
 * match everything.
 *
 * @param subjects the hook names, actor UUIDs or scene ids wanted on those channels
 */
record Filter(String user, String encounterId, ChatFilter chat, Set<String> subjects) {

    Filter(String user, String encounterId) {
        this(user, encounterId, null, null);
    }

    /**
     * The filter a subscriber asks for by named parameters (an SSE query string, the fields of a socket's
     * subscribe frame). The one place each channel's filter parameters are read, for every transport.
     *
     * @param boundUser the Foundry user the caller's key is bound to for this world, or null
     * @param users     the world's users, for the chat channel's view of one user
     */
    static Filter read(Channel channel, Function<String, String> param, String boundUser, List<WorldUser> users) {
        var user = boundUser != null ? boundUser : blankToNull(param.apply("userId"));
        return switch (channel) {
            case COMBAT -> new Filter(user, blankToNull(param.apply("encounterId")));
            case CHAT -> new Filter(user, null, ChatFilter.of(param.apply("speaker"), param.apply("whisperOnly"), user, users), null);
            case HOOKS -> new Filter(user, null, null, subjects(param.apply("hooks"), true));
            case ACTOR -> new Filter(user, null, null, subjects(param.apply("actorUuid"), false));
            case SCENE -> new Filter(user, null, null, subjects(param.apply("sceneId"), false));
            case ROLLS -> new Filter(user, null);
        };
    }

    private static Set<String> subjects(String raw, boolean list) {
        if (raw == null || raw.isBlank()) return null;
        if (!list) return Set.of(raw.strip());
        var names = Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        return names.isEmpty() ? null : Set.copyOf(names);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    boolean matches(Event e) {
        if (subjects != null && (e.subject() == null || !subjects.contains(e.subject()))) return false;
        if (user != null && e.channel() == Channel.ROLLS) {
            boolean byId = user.equals(e.userId());
            boolean byName = e.userName() != null && user.equalsIgnoreCase(e.userName());
            if (!byId && !byName) return false;
        }
        if (chat != null && e.channel() == Channel.CHAT && !chat.matches(e)) return false;
        return encounterId == null || e.channel() != Channel.COMBAT || encounterId.equals(e.encounterId());
    }
}
