package org.foundryrelay.cluster;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.events.Channel;
import org.foundryrelay.events.Event;
import org.foundryrelay.events.EventCodec;
import org.foundryrelay.events.EventHub;
import org.foundryrelay.events.EventsElsewhere;
import org.foundryrelay.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A world's events across the cluster. The holder appends each event to a capped Redis stream (the shared
 * history {@code Last-Event-ID} resumes from, whichever relay the subscriber comes back to) and publishes it on
 * the world's event channel, which relays with subscribers for that world listen to. Relays following a world
 * keep their subscriber counts in a hash per world and ask the holder to recount, so the module hears the
 * subscribers of every relay.
 */
final class SharedEvents implements EventsElsewhere {
    private static final Logger LOG = LoggerFactory.getLogger(SharedEvents.class);

    private final String instanceId;
    private final RedisAsyncCommands<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final Presence presence;
    private final int historySize;
    private volatile EventHub hub;
    /** This relay's subscriber counts for worlds held elsewhere, by world event channel. */
    private final ConcurrentHashMap<String, Map<Channel, Integer>> following = new ConcurrentHashMap<>();

    SharedEvents(String instanceId, RedisAsyncCommands<String, String> commands,
                 StatefulRedisPubSubConnection<String, String> subscriber, Presence presence, int historySize) {
        this.instanceId = instanceId;
        this.commands = commands;
        this.subscriber = subscriber;
        this.presence = presence;
        this.historySize = Math.max(1, historySize);
    }

    void attach(EventHub hub) {
        this.hub = hub;
    }

    static String eventChannel(String accountId, String clientId) {
        return Cluster.PREFIX + "ev:" + accountId + ":" + clientId;
    }

    private static String logKey(String accountId, String clientId) {
        return Cluster.PREFIX + "evlog:" + accountId + ":" + clientId;
    }

    private static String countKey(String accountId, String clientId) {
        return Cluster.PREFIX + "subs:" + accountId + ":" + clientId;
    }

    private static String header(String kind, String accountId, String clientId) {
        return Json.write(Json.object().put("k", kind).put("account", accountId).put("client", clientId));
    }

    @Override
    public void published(String accountId, String clientId, Event event) {
        var encoded = EventCodec.encode(event);
        commands.xadd(logKey(accountId, clientId), XAddArgs.Builder.maxlen(historySize).approximateTrimming(),
                Map.of("e", encoded));
        commands.publish(eventChannel(accountId, clientId), header("event", accountId, clientId) + "\n" + encoded);
    }

    @Override
    public void ended(String accountId, String clientId) {
        commands.publish(eventChannel(accountId, clientId), header("gone", accountId, clientId));
    }

    @Override
    public void counted(String accountId, String clientId, Channel channel, int count) {
        var ev = eventChannel(accountId, clientId);
        int[] total = new int[1];
        var counts = following.compute(ev, (k, m) -> {
            var map = m != null ? m : new EnumMap<Channel, Integer>(Channel.class);
            if (count > 0) map.put(channel, count);
            else map.remove(channel);
            total[0] = map.values().stream().mapToInt(Integer::intValue).sum();
            return map.isEmpty() ? null : map;
        });
        if (counts != null && total[0] > 0) subscriber.async().subscribe(ev);
        else subscriber.async().unsubscribe(ev);
        var field = instanceId + "|" + channel.name();
        if (count > 0) commands.hset(countKey(accountId, clientId), field, Integer.toString(count));
        else commands.hdel(countKey(accountId, clientId), field);
        try {
            var holder = presence.find(accountId, clientId);
            if (holder != null) {
                commands.publish(Cluster.channel(holder.instanceId()), Json.write(Json.object().put("k", "recount")
                        .put("account", accountId).put("client", clientId).put("channel", channel.name())));
            }
        } catch (RuntimeException e) {
            LOG.debug("cluster: could not tell the holder of {} about its subscribers: {}", clientId, e.getMessage());
        }
    }

    @Override
    public int countedElsewhere(String accountId, String clientId, Channel channel) {
        try {
            int total = 0;
            for (var e : commands.hgetall(countKey(accountId, clientId)).get(1, TimeUnit.SECONDS).entrySet()) {
                var field = e.getKey();
                if (field.endsWith("|" + channel.name()) && !field.startsWith(instanceId + "|")) {
                    total += Integer.parseInt(e.getValue());
                }
            }
            return total;
        } catch (Exception e) {
            return 0;
        }
    }

    @Override
    public Map<Channel, Integer> countedElsewhere(String accountId, String clientId) {
        var counts = new EnumMap<Channel, Integer>(Channel.class);
        try {
            for (var e : commands.hgetall(countKey(accountId, clientId)).get(1, TimeUnit.SECONDS).entrySet()) {
                var field = e.getKey();
                int bar = field.lastIndexOf('|');
                if (bar < 0 || field.startsWith(instanceId + "|")) continue;
                var channel = channelNamed(field.substring(bar + 1));
                if (channel != null) counts.merge(channel, Integer.parseInt(e.getValue()), Integer::sum);
            }
        } catch (Exception e) {
            return Map.of();
        }
        return counts;
    }

    private static Channel channelNamed(String name) {
        for (var c : Channel.values()) if (c.name().equals(name)) return c;
        return null;
    }

    @Override
    public List<Event> since(String accountId, String clientId, long lastEventId) {
        try {
            var entries = commands.xrevrange(logKey(accountId, clientId), Range.create("-", "+"), Limit.from(historySize))
                    .get(1, TimeUnit.SECONDS);
            var events = new ArrayList<Event>();
            for (int i = entries.size() - 1; i >= 0; i--) {
                var event = EventCodec.decode(entries.get(i).getBody().get("e"));
                if (event.id() > lastEventId) events.add(event);
            }
            return events;
        } catch (Exception e) {
            return null;
        }
    }

    /** A message on a followed world's event channel. */
    void received(String message) {
        var target = hub;
        if (target == null) return;
        try {
            int cut = message.indexOf('\n');
            var header = Json.parse(cut < 0 ? message : message.substring(0, cut));
            var account = header.path("account").asText();
            var client = header.path("client").asText();
            switch (header.path("k").asText()) {
                case "event" -> target.deliver(account, client, EventCodec.decode(message.substring(cut + 1)));
                case "gone" -> target.ended(account, client);
                default -> { }
            }
        } catch (Exception e) {
            LOG.warn("cluster: unreadable event message: {}", e.getMessage());
        }
    }

    /** Another relay's subscribers to a world held here changed. */
    void recount(String accountId, String clientId, String channel) {
        var target = hub;
        if (target != null) target.recount(accountId, clientId, Channel.valueOf(channel));
    }
}
