package org.foundryrelay.events;

/**
 * What a subscriber asked to see: rolls by one user (matched by id or, ignoring case, by name), or the
 * events of one combat. Null fields match everything.
 */
record Filter(String user, String encounterId) {

    boolean matches(Event e) {
        if (user != null && e.channel() == Channel.ROLLS) {
            boolean byId = user.equals(e.userId());
            boolean byName = e.userName() != null && user.equalsIgnoreCase(e.userName());
            if (!byId && !byName) return false;
        }
        return encounterId == null || e.channel() != Channel.COMBAT || encounterId.equals(e.encounterId());
    }
}
