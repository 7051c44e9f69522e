package org.foundryrelay.events;

import java.util.List;
import java.util.function.Function;
import org.foundryrelay.foundry.WorldSocket.WorldUser;

/**
 * What a subscriber asked to see: rolls by one user (matched by id or, ignoring case, by name), or the
 * events of one combat. Null fields match everything.
 */
record Filter(String user, String encounterId, ChatFilter chat) {

    Filter(String user, String encounterId) {
        this(user, encounterId, null);
    }

    /**
     * The filter a subscriber asks for by named parameters (an SSE query string, the fields of a socket's
     * subscribe frame). The one place each channel's filter parameters are read, for every transport.
     *
     * @param boundUser the Foundry user the caller's key is bound to for this world, or null
     */
    static Filter read(Channel channel, Function<String, String> param, String boundUser, List<WorldUser> users) {
        var user = boundUser != null ? boundUser : blankToNull(param.apply("userId"));
        var encounterId = channel == Channel.COMBAT ? blankToNull(param.apply("encounterId")) : null;
        var chat = channel == Channel.CHAT ? ChatFilter.of(param.apply("speaker"), param.apply("whisperOnly"), user, users) : null;
        return new Filter(user, encounterId, chat);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    boolean matches(Event e) {
        if (user != null && e.channel() == Channel.ROLLS) {
            boolean byId = user.equals(e.userId());
            boolean byName = e.userName() != null && user.equalsIgnoreCase(e.userName());
            if (!byId && !byName) return false;
        }
        if (chat != null && e.channel() == Channel.CHAT && !chat.matches(e)) return false;
        return encounterId == null || e.channel() != Channel.COMBAT || encounterId.equals(e.encounterId());
    }
}
