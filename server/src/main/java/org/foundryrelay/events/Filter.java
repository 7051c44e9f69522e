package org.foundryrelay.events;

/**
 * What a subscriber asked to see: rolls by one user (matched by id or, ignoring case, by name), the
 * events of one combat, or hooks, actors or scenes by name, UUID or id. Null fields match everything.
 */
record Filter(String user, String encounterId, java.util.Set<String> subjects) {

    Filter(String user, String encounterId) {
        this(user, encounterId, null);
    }

    /** Only events whose subject (hook name, actor UUID, scene id) is one of {@code subjects}. */
    static Filter subjects(java.util.Set<String> subjects) {
        return new Filter(null, null, subjects == null || subjects.isEmpty() ? null : java.util.Set.copyOf(subjects));
    }

    boolean matches(Event e) {
        if (subjects != null && (e.subject() == null || !subjects.contains(e.subject()))) return false;
        if (user != null && e.channel() == Channel.ROLLS) {
            boolean byId = user.equals(e.userId());
            boolean byName = e.userName() != null && user.equalsIgnoreCase(e.userName());
            if (!byId && !byName) return false;
        }
        return encounterId == null || e.channel() != Channel.COMBAT || encounterId.equals(e.encounterId());
    }
}
