package org.foundryrelay.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.foundry.WorldListener;
import org.foundryrelay.foundry.WorldSocket;
import org.foundryrelay.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live events per world: who is subscribed to which channel, the module's channels switched on and off
 * to match, each pushed event turned into one SSE frame for the matching subscribers, and a short
 * per-world history so a client that reconnects with {@code Last-Event-ID} misses nothing.
 */
public final class EventHub implements WorldListener {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    private final WorldHub worlds;
    private final int maxStreams;
    private final int historySize;
    // Seeded from the clock so ids keep increasing across restarts.
    private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1000);
    private final ConcurrentHashMap<WorldKey, WorldEvents> byWorld = new ConcurrentHashMap<>();

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

    private WorldEvents of(String accountId, String clientId) {
        return byWorld.computeIfAbsent(new WorldKey(accountId, clientId), k -> new WorldEvents());
    }

    /**
     * Adds a subscriber, first queueing what it missed since {@code lastEventId} (0 for nothing); null
     * when the world already has the maximum number of streams on that channel.
     */
    EventStream subscribe(String accountId, String clientId, Channel channel, Filter filter, long lastEventId) {
        var w = of(accountId, clientId);
        var stream = new EventStream(accountId, clientId, channel, filter);
        int count;
        synchronized (w) {
            var list = w.streams.computeIfAbsent(channel, c -> new ArrayList<>());
            if (list.size() >= maxStreams) return null;
            if (lastEventId > 0) {
                for (var e : w.history) if (e.id() > lastEventId) stream.offer(e);
            }
            list.add(stream);
            count = list.size();
        }
        announce(accountId, clientId, channel, count);
        return stream;
    }

    void unsubscribe(EventStream stream) {
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

    /** The number of streams open on a world's channel. */
    public int subscribers(String accountId, String clientId, Channel channel) {
        var w = byWorld.get(new WorldKey(accountId, clientId));
        if (w == null) return 0;
        synchronized (w) {
            var list = w.streams.get(channel);
            return list == null ? 0 : list.size();
        }
    }

    // Tells the module how many listen, so it turns its hooks on (count > 0) or off (0).
    private void announce(String accountId, String clientId, Channel channel, int count) {
        var world = worlds.find(accountId, clientId);
        if (world == null) return;
        worlds.send(world, Json.object().put("type", "event-subscription-update")
                .put("channel", channel.moduleChannel()).put("count", count));
    }

    @Override
    public void connected(WorldSocket world) {
        for (var channel : Channel.values()) {
            int count = subscribers(world.accountId(), world.clientId(), channel);
            if (count > 0) announce(world.accountId(), world.clientId(), channel, count);
        }
    }

    @Override
    public void disconnected(WorldSocket world) {
        var w = byWorld.get(new WorldKey(world.accountId(), world.clientId()));
        if (w == null) return;
        var data = Json.write(Json.object().put("clientId", world.clientId()).put("reason", "Foundry world disconnected"));
        synchronized (w) {
            for (var list : w.streams.values()) {
                list.forEach(s -> s.finish("disconnected", data));
            }
        }
    }

    @Override
    public boolean pushed(WorldSocket world, String type, String text) {
        if (!type.equals("roll-data") && !type.equals("combat-event") && !DocumentEvents.handles(type)) return false;
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
            case "combat-event" -> Event.of(id, Channel.COMBAT, "combat-" + data.path("eventType").asText("event"),
                    Json.write(data), null, null, text(data.path("encounterId")));
            default -> DocumentEvents.event(id, type, data);
        };
        var w = of(world.accountId(), world.clientId());
        synchronized (w) {
            w.history.addLast(event);
            if (w.history.size() > historySize) w.history.removeFirst();
            var list = w.streams.get(event.channel());
            if (list != null) list.forEach(s -> s.offer(event));
        }
        return true;
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }
}
