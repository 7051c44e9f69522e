package org.foundryrelay.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.SetArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.foundry.RemoteWorld;
import org.foundryrelay.foundry.WorldListener;
import org.foundryrelay.foundry.WorldMeta;
import org.foundryrelay.foundry.WorldSocket;
import org.foundryrelay.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which relay holds which world. Each world is a key {@code fr:world:<account>:<clientId>} with a short expiry
 * that its relay refreshes on every beat (so a dead relay's worlds vanish within seconds), listed in a set per
 * account for {@code GET /clients} and single-world resolution. The duplicate rules of one relay hold across
 * relays: a world reconnecting from the same host replaces its old socket on the other relay; a second world
 * under the same client id from another host is refused with 4004.
 */
final class Presence implements WorldListener {
    private static final Logger LOG = LoggerFactory.getLogger(Presence.class);
    /** Deletes a world's entry only while it still names this relay, so a newer holder's entry survives. */
    private static final String WITHDRAW = """
            local v = redis.call('GET', KEYS[1])
            if v and cjson.decode(v).instanceId == ARGV[1] then
              redis.call('DEL', KEYS[1])
              redis.call('SREM', KEYS[2], ARGV[2])
              return 1
            end
            return 0""";

    private final String instanceId;
    private final RedisAsyncCommands<String, String> commands;
    private final Cluster cluster;
    private final Set<WorldSocket> local = ConcurrentHashMap.newKeySet();

    Presence(String instanceId, RedisAsyncCommands<String, String> commands, Cluster cluster) {
        this.instanceId = instanceId;
        this.commands = commands;
        this.cluster = cluster;
    }

    private static String worldKey(String accountId, String clientId) {
        return Cluster.PREFIX + "world:" + accountId + ":" + clientId;
    }

    private static String accountKey(String accountId) {
        return Cluster.PREFIX + "worlds:" + accountId;
    }

    int localCount() {
        return local.size();
    }

    @Override
    public void connected(WorldSocket world) {
        try {
            var other = find(world.accountId(), world.clientId());
            if (other != null && alive(other.instanceId())) {
                if (!other.remoteHost().equals(world.remoteHost())) {
                    LOG.warn("world login refused: client={} address={} code=4004 reason=connected to relay {}",
                            world.clientId(), world.remoteHost(), other.instanceId());
                    world.close(4004, "Client ID already connected");
                    return;
                }
                CrossRelayCalls.replace(commands, instanceId, other);
            }
        } catch (RuntimeException e) {
            // Redis is unreachable: this relay takes the world; the next beat announces it once Redis is back.
        }
        local.add(world);
        announce(world);
    }

    @Override
    public void disconnected(WorldSocket world) {
        if (!local.remove(world)) return;
        commands.eval(WITHDRAW, ScriptOutputType.INTEGER,
                new String[] {worldKey(world.accountId(), world.clientId()), accountKey(world.accountId())},
                instanceId, world.clientId());
    }

    // Alive while it listens on its channel: a crashed relay's connection, and so its subscription, goes at once.
    private boolean alive(String instance) {
        try {
            var channel = Cluster.channel(instance);
            return commands.pubsubNumsub(channel).get(1, TimeUnit.SECONDS).getOrDefault(channel, 0L) > 0;
        } catch (Exception e) {
            throw cluster.unavailableError(e);
        }
    }

    private List<CompletableFuture<?>> announce(WorldSocket world) {
        var m = world.meta();
        var entry = Json.object().put("instanceId", instanceId).put("host", world.remoteHost())
                .put("connectedAt", world.connectedAt()).put("lastHeard", world.lastHeard())
                .put("worldId", m.worldId()).put("worldTitle", m.worldTitle()).put("foundryVersion", m.foundryVersion())
                .put("systemId", m.systemId()).put("systemTitle", m.systemTitle()).put("systemVersion", m.systemVersion())
                .put("customName", m.customName()).put("publicUrl", m.publicUrl());
        var account = accountKey(world.accountId());
        return List.of(
                commands.set(worldKey(world.accountId(), world.clientId()), Json.write(entry),
                        SetArgs.Builder.px(Cluster.WORLD_TTL_MILLIS)).toCompletableFuture(),
                commands.sadd(account, world.clientId()).toCompletableFuture(),
                commands.pexpire(account, 10 * Cluster.WORLD_TTL_MILLIS).toCompletableFuture());
    }

    /** Re-announces every world this relay holds (also after Redis comes back empty). */
    List<CompletableFuture<?>> refresh() {
        var all = new ArrayList<CompletableFuture<?>>();
        for (var world : local) all.addAll(announce(world));
        return all;
    }

    void withdrawAll() {
        for (var world : List.copyOf(local)) disconnected(world);
    }

    /** The account's world held by another relay, or null. */
    RemoteWorld find(String accountId, String clientId) {
        try {
            var value = commands.get(worldKey(accountId, clientId)).get(1, TimeUnit.SECONDS);
            return value == null ? null : parse(accountId, clientId, value);
        } catch (Exception e) {
            throw cluster.unavailableError(e);
        }
    }

    /** The account's worlds held by other relays. */
    List<RemoteWorld> online(String accountId) {
        try {
            var ids = new ArrayList<>(commands.smembers(accountKey(accountId)).get(1, TimeUnit.SECONDS));
            if (ids.isEmpty()) return List.of();
            var values = commands.mget(ids.stream().map(id -> worldKey(accountId, id)).toArray(String[]::new))
                    .get(1, TimeUnit.SECONDS);
            var found = new ArrayList<RemoteWorld>();
            for (var kv : values) {
                var id = kv.getKey().substring(worldKey(accountId, "").length());
                if (!kv.hasValue()) {
                    commands.srem(accountKey(accountId), id); // expired: its relay is gone
                    continue;
                }
                var world = parse(accountId, id, kv.getValue());
                if (world != null) found.add(world);
            }
            return found;
        } catch (Exception e) {
            throw cluster.unavailableError(e);
        }
    }

    /** An entry naming another relay; null for this relay's own (its hub answers for those). */
    private RemoteWorld parse(String accountId, String clientId, String value) throws Exception {
        JsonNode e = Json.parse(value);
        var holder = e.path("instanceId").asText();
        if (holder.equals(instanceId)) return null;
        var meta = new WorldMeta(text(e, "worldId"), text(e, "worldTitle"), text(e, "foundryVersion"), text(e, "systemId"),
                text(e, "systemTitle"), text(e, "systemVersion"), text(e, "customName"), text(e, "publicUrl"));
        return new RemoteWorld(accountId, clientId, meta, holder, e.path("host").asText(),
                e.path("connectedAt").asLong(), e.path("lastHeard").asLong());
    }

    private static String text(JsonNode node, String field) {
        var v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
