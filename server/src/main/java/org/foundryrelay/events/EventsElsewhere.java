package org.foundryrelay.events;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Events shared with the other relays of a cluster: the relay holding a world publishes its events and keeps
 * their history where every relay can read it; a relay whose subscribers follow a world held elsewhere receives
 * them and tells the holder how many listen. A single relay uses {@link #NONE}. Implementations must not block
 * for long and must not throw: when the cluster cannot be reached, events stay on the relay that has them.
 */
public interface EventsElsewhere {

    /** The holder recorded an event of one of its worlds. */
    void published(String accountId, String clientId, Event event);

    /** The holder's world disconnected: streams following it on other relays end. */
    void ended(String accountId, String clientId);

    /** This relay's subscriber count for a world it does not hold changed (0 = stop following it). */
    void counted(String accountId, String clientId, Channel channel, int count);

    /** Subscribers of other relays to a world this relay holds. */
    int countedElsewhere(String accountId, String clientId, Channel channel);

    /**
     * Subscribers of other relays to a world this relay holds, on every channel (absent: none), in one read
     * where the implementation can: a world connecting asks for all of them.
     */
    default Map<Channel, Integer> countedElsewhere(String accountId, String clientId) {
        var counts = new EnumMap<Channel, Integer>(Channel.class);
        for (var channel : Channel.values()) {
            int n = countedElsewhere(accountId, clientId, channel);
            if (n > 0) counts.put(channel, n);
        }
        return counts;
    }

    /** The world's shared history after {@code lastEventId}, oldest first; null when it cannot be read. */
    List<Event> since(String accountId, String clientId, long lastEventId);

    /** No cluster. */
    EventsElsewhere NONE = new EventsElsewhere() {
        @Override
        public void published(String accountId, String clientId, Event event) {}

        @Override
        public void ended(String accountId, String clientId) {}

        @Override
        public void counted(String accountId, String clientId, Channel channel, int count) {}

        @Override
        public int countedElsewhere(String accountId, String clientId, Channel channel) {
            return 0;
        }

        @Override
        public List<Event> since(String accountId, String clientId, long lastEventId) {
            return null;
        }
    };
}
