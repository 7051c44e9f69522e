package org.foundryrelay.events;

/**
 * What a subscriber asked to see: rolls by one user (matched by id or, ignoring case, by name), or the
 * events of one combat. Null fields match everything.
 */
record Filter(String user, String encounterId, ChatFilter chat) {

    Filter(String user, String encounterId) {
        this(user, encounterId, null);
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
