package org.foundryrelay.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.foundryrelay.auth.Principal;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.foundry.RemoteWorld;
import org.foundryrelay.foundry.WorldListener;
import org.foundryrelay.foundry.WorldSocket;
import org.foundryrelay.foundry.WorldSocket.WorldUser;
import org.foundryrelay.foundry.WorldsElsewhere;
import org.foundryrelay.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live events per world: who is subscribed to which channel, the module's channels switched on and off
 * to match, each pushed event turned into one SSE frame for the matching subscribers, and a short
 * per-world history so a client that reconnects with {@code Last-Event-ID} misses nothing. In a cluster, a
 * world's events also reach subscribers on the other relays, its history is shared, and the module hears the
 * subscribers of every relay.
 */
public final class EventHub implements WorldListener {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    private final WorldHub worlds;
    private final int maxStreams;
    private final int historySize;
    // Seeded from the clock so ids keep increasing across restarts.
    private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1000);
    private final ConcurrentHashMap<WorldKey, WorldEvents> byWorld = new ConcurrentHashMap<>();
    private volatile EventsElsewhere shared = EventsElsewhere.NONE;
    private volatile WorldsElsewhere remote = WorldsElsewhere.NONE;

    private record WorldKey(String accountId, String clientId) {}

    /** One world's subscribers and history; every change happens under its monitor, so order is total. */
    private static final class WorldEvents {
        final EnumMap<Channel, List<EventStream>> streams = new EnumMap<>(Channel.class);
        final ArrayDeque<Event> history = new ArrayDeque<>();
    }

    /** Why a subscription was refused. */
    public enum Refusal { TOO_MANY }

    public EventHub(WorldHub worlds, int maxStreams, int historySize) {
        this.worlds = worlds;
        this.maxStreams = maxStreams;
        this.historySize = historySize;
    }

    /** In a cluster: shares this relay's events with the other relays and follows the worlds they hold. */
    public void shareThrough(EventsElsewhere shared, WorldsElsewhere remote) {
        this.shared = shared;
        this.remote = remote;
    }

    // The world when another relay of the cluster holds it, else null; refused when the cluster cannot say.
    private RemoteWorld heldElsewhere(String accountId, String clientId) {
        try {
            return remote.find(accountId, clientId);
        } catch (WorldsElsewhere.Unavailable e) {
            throw refusal(e);
        }
    }

    // A world held elsewhere has no user list here: the world is asked through its relay, as a call would be.
    private List<WorldUser> usersElsewhere(RemoteWorld world) {
        try {
            return remote.users(world);
        } catch (WorldsElsewhere.Unavailable e) {
            throw refusal(e);
        }
    }

    private static SubscriptionRefused refusal(WorldsElsewhere.Unavailable e) {
        return new SubscriptionRefused(e.status() == 502 ? SubscriptionRefused.Reason.HOLDER_GONE
                : SubscriptionRefused.Reason.UNAVAILABLE, e.getMessage());
    }

    private WorldEvents of(String accountId, String clientId) {
        return byWorld.computeIfAbsent(new WorldKey(accountId, clientId), k -> new WorldEvents());
    }

    /**
     * Subscribes a caller to a world's channel, with the same checks on every transport: the world must be
     * named, reachable by the key and connected; the filter comes from {@code params} (an SSE query, the
     * fields of a socket frame); a key bound to a Foundry user sees only that user's events.
     *
     * @param lastEventId replay what was missed since this event id (0 for nothing)
     * @param sink        null for an SSE stream the caller {@link EventStream#pump}s; else where a socket
     *                    subscription's events go (it must not block)
     * @throws SubscriptionRefused naming the problem
     */
    public EventStream subscribe(Principal principal, String clientId, Channel channel, Function<String, String> params,
                                 long lastEventId, Consumer<Event> sink) {
        if (clientId == null || clientId.isEmpty()) {
            throw new SubscriptionRefused(SubscriptionRefused.Reason.INVALID, "'clientId' is required");
        }
        if (!principal.mayReach(clientId)) {
            throw new SubscriptionRefused(SubscriptionRefused.Reason.FORBIDDEN, "API key is not authorized for this client");
        }
        var world = worlds.find(principal.accountId(), clientId);
        var away = world == null ? heldElsewhere(principal.accountId(), clientId) : null;
        if (world == null && away == null) {
            throw new SubscriptionRefused(SubscriptionRefused.Reason.NO_WORLD, Json.error("Invalid client ID")
                    .put("clientId", clientId).put("message", "No Foundry client connected with this ID."));
        }
        var bound = principal.foundryUserFor(clientId);
        var asked = bound != null ? bound : params.apply("userId");
        // The users matter only for a named user: it must exist, and chat shows what that user may read.
        List<WorldUser> users = world != null ? world.users()
                : asked == null || asked.isBlank() ? List.of() : usersElsewhere(away);
        var filter = Filter.read(channel, params, bound, users);
        if (filter.user() != null && !WorldUser.known(users, filter.user())) {
            throw new SubscriptionRefused(SubscriptionRefused.Reason.INVALID, "User not found: " + filter.user());
        }
        var stream = subscribe(principal.accountId(), principal.keyId(), clientId, channel, filter, lastEventId, sink);
        if (stream == null) {
            throw new SubscriptionRefused(SubscriptionRefused.Reason.TOO_MANY,
                    "Too many SSE connections for this world and channel; close one first");
        }
        return stream;
    }

    /**
     * Subscribes an account's signed-in person (the dashboard) to one of its connected worlds, unfiltered.
     *
     * @throws SubscriptionRefused when the world is not connected under that account, or its streams are full
     */
    public EventStream subscribeAccount(String accountId, String clientId, Channel channel, long lastEventId) {
        if (worlds.find(accountId, clientId) == null && heldElsewhere(accountId, clientId) == null) {
            throw new SubscriptionRefused(SubscriptionRefused.Reason.NO_WORLD, "Invalid client ID");
        }
        var stream = subscribe(accountId, "session:" + accountId, clientId, channel, new Filter(null, null), lastEventId, null);
        if (stream == null) {
            throw new SubscriptionRefused(SubscriptionRefused.Reason.TOO_MANY,
                    "Too many SSE connections for this world and channel; close one first");
        }
        return stream;
    }

    /**
     * Adds a subscriber, first queueing what it missed since {@code lastEventId} (0 for nothing); null
     * when the world already has the maximum number of SSE streams on that channel. At the cap, a reconnect
     * (same key, a {@code Last-Event-ID} its old stream already sent) takes over that stream's slot: the old
     * connection is gone, though the relay may not have noticed yet. Socket subscriptions are capped by
     * their sockets instead, but count like streams towards what the module is told.
     */
    EventStream subscribe(String accountId, String keyId, String clientId, Channel channel, Filter filter,
                          long lastEventId, Consumer<Event> sink) {
        var w = of(accountId, clientId);
        var stream = new EventStream(accountId, keyId, clientId, channel, filter, sink);
        // The shared history, when there is one, knows what other relays recorded (the world may have moved).
        var past = lastEventId > 0 ? shared.since(accountId, clientId, lastEventId) : null;
        int count;
        synchronized (w) {
            var list = w.streams.computeIfAbsent(channel, c -> new ArrayList<>());
            if (stream.pumped() && list.stream().filter(EventStream::pumped).count() >= maxStreams) {
                var old = lastEventId <= 0 ? null : list.stream()
                        .filter(s -> s.pumped() && s.keyId.equals(keyId) && s.lastSentId() >= lastEventId)
                        .findFirst().orElse(null);
                if (old == null) return null;
                list.remove(old);
                old.replace();
            }
            if (lastEventId > 0) {
                long after = lastEventId;
                if (past != null) {
                    for (var e : past) {
                        if (e.id() > after) {
                            stream.offer(e);
                            after = e.id();
                        }
                    }
                }
                for (var e : w.history) if (e.id() > after) stream.offer(e);
            }
            list.add(stream);
            count = list.size();
        }
        announce(accountId, clientId, channel, count);
        return stream;
    }

    /** Ends a subscription; the module is told the new count. Unsubscribing twice does nothing. */
    public void unsubscribe(EventStream stream) {
        var w = byWorld.get(new WorldKey(stream.accountId, stream.clientId));
        if (w == null) return;
        int count;
        synchronized (w) {
            var list = w.streams.get(stream.channel);
            if (list == null || !list.remove(stream)) return;
            count = list.size();
        }
        announce(stream.accountId, stream.clientId, stream.channel, count);
    }

    /** Every open stream on this relay, all worlds and channels together. */
    public int streamCount() {
        int total = 0;
        for (var w : byWorld.values()) {
            synchronized (w) {
                for (var list : w.streams.values()) total += list.size();
            }
        }
        return total;
    }

    /**
     * Whether anyone follows the world's events: a stream open on this relay or, in a cluster, on another (one
     * read of the shared counts, made only when none is open here).
     */
    public boolean followed(String accountId, String clientId) {
        for (var channel : Channel.values()) {
            if (subscribers(accountId, clientId, channel) > 0) return true;
        }
        return !shared.countedElsewhere(accountId, clientId).isEmpty();
    }

    /** The number of streams open on a world's channel. */
    public int subscribers(String accountId, String clientId, Channel channel) {
        var w = byWorld.get(new WorldKey(accountId, clientId));
        if (w == null) return 0;
        synchronized (w) {
            var list = w.streams.get(channel);
            return list == null ? 0 : list.size();
        }
    }

    /**
     * The world's most recent events on the given channels, newest first: what was pushed while anyone
     * was subscribed (the module sends events only then), up to the configured history size. In a cluster they
     * come from the shared history, so every relay answers alike whichever holds the world (this relay's own
     * record when Redis cannot be read).
     *
     * @param user the Foundry user the caller's key is bound to (only that user's rolls), or null
     */
    public List<PastEvent> recent(String accountId, String clientId, Set<Channel> channels, int limit, String user) {
        var filter = new Filter(user, null);
        var out = new ArrayList<PastEvent>();
        var past = shared.since(accountId, clientId, 0);
        if (past != null) {
            for (int i = past.size() - 1; i >= 0 && out.size() < limit; i--) add(out, past.get(i), channels, filter);
            return out;
        }
        var w = byWorld.get(new WorldKey(accountId, clientId));
        if (w == null) return List.of();
        synchronized (w) {
            var it = w.history.descendingIterator();
            while (it.hasNext() && out.size() < limit) add(out, it.next(), channels, filter);
        }
        return out;
    }

    private static void add(List<PastEvent> out, Event e, Set<Channel> channels, Filter filter) {
        if (channels.contains(e.channel()) && filter.matches(e)) out.add(new PastEvent(e.id(), e.channel(), e.name(), e.data()));
    }

    // Tells the module how many listen, so it turns its hooks on (count > 0) or off (0).
    private void announce(String accountId, String clientId, Channel channel, int count) {
        var world = worlds.find(accountId, clientId);
        if (world == null) {
            shared.counted(accountId, clientId, channel, count); // the holder, if any, adds them up
            return;
        }
        tell(world, channel, count + shared.countedElsewhere(accountId, clientId, channel));
    }

    private void tell(WorldSocket world, Channel channel, int total) {
        worlds.send(world, Json.object().put("type", "event-subscription-update")
                .put("channel", channel.moduleChannel()).put("count", total));
    }

    /** Another relay's subscriber count for a world held here changed: the module hears the new total. */
    public void recount(String accountId, String clientId, Channel channel) {
        announce(accountId, clientId, channel, subscribers(accountId, clientId, channel));
    }

    /** An event of a world held by another relay, for the subscribers following it here. */
    public void deliver(String accountId, String clientId, Event event) {
        if (worlds.find(accountId, clientId) != null) return; // held here now: its own pushes count
        record(of(accountId, clientId), event);
    }

    /** A world held by another relay disconnected: streams following it here end as for a local world. */
    public void ended(String accountId, String clientId) {
        if (worlds.find(accountId, clientId) == null) finish(accountId, clientId);
    }

    private void record(WorldEvents w, Event event) {
        synchronized (w) {
            w.history.addLast(event);
            if (w.history.size() > historySize) w.history.removeFirst();
            var list = w.streams.get(event.channel());
            if (list != null) list.forEach(s -> s.offer(event));
        }
    }

    @Override
    public void connected(WorldSocket world) {
        var elsewhere = shared.countedElsewhere(world.accountId(), world.clientId()); // one read for all channels
        for (var channel : Channel.values()) {
            int count = subscribers(world.accountId(), world.clientId(), channel);
            int others = elsewhere.getOrDefault(channel, 0);
            if (count > 0 || others > 0) tell(world, channel, count + others);
        }
    }

    @Override
    public void disconnected(WorldSocket world) {
        shared.ended(world.accountId(), world.clientId());
        finish(world.accountId(), world.clientId());
    }

    private void finish(String accountId, String clientId) {
        var w = byWorld.get(new WorldKey(accountId, clientId));
        if (w == null) return;
        var data = Json.write(Json.object().put("clientId", clientId).put("reason", "Foundry world disconnected"));
        synchronized (w) {
            for (var list : w.streams.values()) {
                list.forEach(s -> s.finish("disconnected", data));
            }
        }
    }

    @Override
    public boolean pushed(WorldSocket world, String type, String text) {
        if (!type.equals("roll-data") && !type.equals("combat-event") && !type.equals("chat-event")
                && !DocumentEvents.handles(type)) {
            return false;
        }
        JsonNode data;
        try {
            data = Json.parse(text).path("data");
        } catch (Exception e) {
            LOG.debug("unreadable {} from {}", type, world.clientId());
            return true;
        }
        if (!data.isObject()) return true;
        long id = ids.incrementAndGet();
        var event = switch (type) {
            case "roll-data" -> Event.of(id, Channel.ROLLS, "roll", Json.write(data), text(data.at("/user/id")),
                    text(data.at("/user/name")), null);
            // the message itself (or {id} for a delete), named by what happened to it
            case "chat-event" -> Event.of(id, Channel.CHAT, "chat-" + data.path("eventType").asText("create"),
                    Json.write(data.path("data")), null, null, null);
            case "combat-event" -> Event.of(id, Channel.COMBAT, "combat-" + data.path("eventType").asText("event"),
                    Json.write(data), null, null, text(data.path("encounterId")));
            default -> DocumentEvents.event(id, type, data);
        };
        var w = of(world.accountId(), world.clientId());
        synchronized (w) { // shared in the order recorded
            record(w, event);
            shared.published(world.accountId(), world.clientId(), event);
        }
        return true;
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }
}
