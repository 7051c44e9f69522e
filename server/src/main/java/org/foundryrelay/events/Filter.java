package org.foundryrelay.events;

import java.util.function.Function;

/**
 * What a subscriber asked to see: rolls by one user (matched by id or, ignoring case, by name), or the
 * events of one combat. Null fields match everything.
 */
record Filter(String user, String encounterId) {

    /**
     * The filter a subscriber asks for by named parameters (an SSE query string, the fields of a socket's
     * subscribe frame). The one place each channel's filter parameters are read, for every transport.
     *
     * @param boundUser the Foundry user the caller's key is bound to for this world, or null
     */
    static Filter read(Channel channel, Function<String, String> param, String boundUser) {
        var user = boundUser != null ? boundUser : blankToNull(param.apply("userId"));
        var encounterId = channel == Channel.COMBAT ? blankToNull(param.apply("encounterId")) : null;
        return new Filter(user, encounterId);
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
        return encounterId == null || e.channel() != Channel.COMBAT || encounterId.equals(e.encounterId());
    }
}
