package org.foundryrelay.cluster;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.foundry.RemoteWorld;
import org.foundryrelay.foundry.WorldListener;
import org.foundryrelay.foundry.WorldSocket;
import org.foundryrelay.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which relay holds which world. Each world is a key {@code fr:world:<account>:<clientId>}, listed in a set per
 * account for {@code GET /clients} and single-world resolution. An entry counts only while the relay it names is
 * live (listening on its channel), so a crashed relay's worlds are gone as soon as its connection is; the keys'
 * expiry ({@link #WORLD_KEY_TTL_MILLIS}, refreshed every {@link #FULL_EVERY} beats) only clears what is left
 * behind. A beat therefore costs a few commands whatever the number of worlds, which matters in a reconnect
 * storm, when thousands of worlds arrive at once. Each relay also keeps the worlds it holds in a
 * hash of its own and announces changes on the presence channel, from which every relay keeps a
 * {@link PresenceView}: calls find their world's relay without asking Redis. The duplicate rules of one relay
 * hold across relays, checked during the world's login (see {@link #claim}).
 */
final class Presence implements WorldListener {
    private static final Logger LOG = LoggerFactory.getLogger(Presence.class);
    static final String CHANNEL = Cluster.PREFIX + "presence";
    /** World keys outlive a few missed refreshes; liveness comes from the relay they name, not from expiry. */
    static final long WORLD_KEY_TTL_MILLIS = 30_000;
    /** Every this many beats the world keys are refreshed and the view reloaded in full (10 s at 0.5 s a beat). */
    static final int FULL_EVERY = 20;
    /**
     * Deletes a world's entry only while it is still the one this relay wrote for that socket (same relay, same
     * connection time), so a newer holder's entry survives, on another relay or on this one.
     */
    private static final Script WITHDRAW = Script.of("""
            local v = redis.call('GET', KEYS[1])
            if v then
              local e = cjson.decode(v)
              if e.instanceId == ARGV[1] and e.connectedAt == tonumber(ARGV[3]) then
                redis.call('DEL', KEYS[1])
                redis.call('SREM', KEYS[2], ARGV[2])
                return 1
              end
            end
            return 0""");
    /**
     * A world's login claims its entry in one step, so two logins racing through two relays cannot both be
     * admitted. KEYS: the world's key, the account's set; ARGV: this relay, the world's host, its entry, the
     * key's expiry (ms), its client id, the prefix of the relays' channels. Another relay that still listens on
     * its channel keeps the world when its host differs ({0, that relay}); otherwise the entry becomes this
     * relay's: {2, the old entry} when a live relay held it from the same host (it is asked to close), else {1}.
     */
    private static final Script CLAIM = Script.of("""
            local v = redis.call('GET', KEYS[1])
            local replaced = false
            if v then
              local ok, held = pcall(cjson.decode, v)
              if ok and type(held) == 'table' and type(held.instanceId) == 'string' and held.instanceId ~= ARGV[1]
                  and redis.call('PUBSUB', 'NUMSUB', ARGV[6] .. held.instanceId)[2] > 0 then
                if held.host ~= ARGV[2] then return {0, held.instanceId} end
                replaced = true
              end
            end
            redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
            redis.call('SADD', KEYS[2], ARGV[5])
            redis.call('PEXPIRE', KEYS[2], 2 * tonumber(ARGV[4]))
            if replaced then return {2, v} end
            return {1}""");

    private final String instanceId;
    private final RedisAsyncCommands<String, String> commands;
    private final Cluster cluster;
    /** This relay's worlds by {@link PresenceView#key}: the socket registered for each. */
    private final ConcurrentHashMap<String, WorldSocket> local = new ConcurrentHashMap<>();
    /** The socket whose login last wrote its world's entry here (see {@link #claim}), until that world connects. */
    private final ConcurrentHashMap<String, WorldSocket> claimed = new ConcurrentHashMap<>();
    private final PresenceView view;
    // The other relays that listened at the last beat; null before the first.
    private volatile Set<String> live;

    Presence(String instanceId, RedisAsyncCommands<String, String> commands, Cluster cluster) {
        this.instanceId = instanceId;
        this.commands = commands;
        this.cluster = cluster;
        this.view = new PresenceView(instanceId);
    }

    private static String worldKey(String accountId, String clientId) {
        return Cluster.PREFIX + "world:" + accountId + ":" + clientId;
    }

    private static String accountKey(String accountId) {
        return Cluster.PREFIX + "worlds:" + accountId;
    }

    /** The hash of the worlds a relay holds, field {@link PresenceView#key} → entry. */
    private static String heldKey(String instance) {
        return Cluster.PREFIX + "held:" + instance;
    }

    int localCount() {
        return local.size();
    }

    /**
     * See {@link org.foundryrelay.foundry.WorldsElsewhere#claim}: one script reads the world's entry, checks that
     * its relay still listens, and writes this relay's entry for {@code socket} (the one {@link #connected} would
     * write), all in one round trip.
     */
    boolean claim(String accountId, WorldSocket socket, long connectedAt) {
        var key = PresenceView.key(accountId, socket.clientId());
        List<Object> result;
        try {
            result = CLAIM.<List<Object>>run(commands, ScriptOutputType.MULTI,
                    new String[] {worldKey(accountId, socket.clientId()), accountKey(accountId)},
                    instanceId, socket.remoteHost(), entry(accountId, socket, connectedAt),
                    Long.toString(WORLD_KEY_TTL_MILLIS), socket.clientId(), Cluster.channel("")).get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Redis is unreachable: this relay takes the world; connected() and the beats announce it.
            LOG.debug("cluster: world {} admitted without a claim: {}", socket.clientId(), e.getMessage());
            return true;
        }
        if (((Long) result.get(0)) == 0) {
            LOG.warn("world login refused: client={} address={} code=4004 reason=connected to relay {}",
                    socket.clientId(), socket.remoteHost(), result.get(1));
            return false;
        }
        claimed.put(key, socket);
        // Another login of the world on this relay, from another host, connected meanwhile, so this one will be
        // refused as its duplicate: that world's entry is written again over the one this claim wrote. (A socket
        // that is closing, whose leaving is not yet withdrawn, is not that world.)
        var here = local.get(key);
        if (here != null && here != socket && here.isOpen() && !here.remoteHost().equals(socket.remoteHost())) {
            claimed.remove(key, socket);
            announce(here, entry(here));
        }
        if (((Long) result.get(0)) == 2) {
            var old = PresenceView.parse((String) result.get(1), accountId, socket.clientId());
            if (old != null) CrossRelayCalls.close(commands, instanceId, old, 1000, "Replaced by reconnect");
        }
        return true;
    }

    @Override
    public void connected(WorldSocket world) {
        var key = PresenceView.key(world.accountId(), world.clientId());
        local.put(key, world);
        var entry = entry(world);
        var held = heldKey(instanceId);
        commands.hset(held, key, entry);
        commands.pexpire(held, Cluster.WORLD_TTL_MILLIS);
        // The login's claim wrote this very entry (and listed the world) unless it could not, or was not asked
        // (the world replaced a socket of its own here), or another login of the world claimed since.
        if (claimed.remove(key) != world) announce(world, entry);
        commands.publish(CHANNEL, Wire.write("up", entry));
    }

    @Override
    public void disconnected(WorldSocket world) {
        if (!local.remove(PresenceView.key(world.accountId(), world.clientId()), world)) return;
        WITHDRAW.run(commands, ScriptOutputType.INTEGER,
                new String[] {worldKey(world.accountId(), world.clientId()), accountKey(world.accountId())},
                instanceId, world.clientId(), Long.toString(world.connectedAt()));
        commands.hdel(heldKey(instanceId), PresenceView.key(world.accountId(), world.clientId()));
        commands.publish(CHANNEL, Wire.write("down", "", instanceId, world.accountId(), world.clientId()));
    }

    /** A message on the presence channel: another relay's world came or went. */
    void received(String message) {
        try {
            switch (Wire.kind(message)) {
                case "up" -> view.heard(Wire.read(message, 0)[0]);
                case "down" -> {
                    var f = Wire.read(message, 3);
                    view.gone(f[0], f[1], f[2]);
                }
                default -> LOG.debug("cluster: ignored a presence message of kind {}", Wire.kind(message));
            }
        } catch (RuntimeException e) {
            LOG.warn("cluster: unreadable presence message: {}", e.getMessage());
        }
    }

    private String entry(WorldSocket world) {
        return entry(world.accountId(), world, world.connectedAt());
    }

    // The account and connection time are given: a world's login claims its entry before its socket has them.
    private String entry(String accountId, WorldSocket world, long connectedAt) {
        var m = world.meta();
        return Json.write(Json.object().put("instanceId", instanceId).put("accountId", accountId)
                .put("clientId", world.clientId()).put("host", world.remoteHost())
                .put("connectedAt", connectedAt).put("lastHeard", world.lastHeard())
                .put("worldId", m.worldId()).put("worldTitle", m.worldTitle()).put("foundryVersion", m.foundryVersion())
                .put("systemId", m.systemId()).put("systemTitle", m.systemTitle()).put("systemVersion", m.systemVersion())
                .put("customName", m.customName()).put("publicUrl", m.publicUrl()));
    }

    private List<CompletableFuture<?>> announce(WorldSocket world, String entry) {
        var account = accountKey(world.accountId());
        return List.of(
                commands.set(worldKey(world.accountId(), world.clientId()), entry,
                        SetArgs.Builder.px(WORLD_KEY_TTL_MILLIS)).toCompletableFuture(),
                commands.sadd(account, world.clientId()).toCompletableFuture(),
                commands.pexpire(account, 2 * WORLD_KEY_TTL_MILLIS).toCompletableFuture());
    }

    /**
     * Keeps this relay's worlds announced: the held-worlds hash's expiry is pushed back on every beat; the world
     * keys are re-announced when {@code full}, or at once when Redis lost the hash (it came back empty).
     */
    List<CompletableFuture<?>> refresh(boolean full) {
        var held = heldKey(instanceId);
        var all = new ArrayList<CompletableFuture<?>>();
        if (full) all.add(announceAll(false));
        all.add(commands.pexpire(held, Cluster.WORLD_TTL_MILLIS).toCompletableFuture().thenCompose(kept -> {
            if (Boolean.TRUE.equals(kept) || local.isEmpty()) return CompletableFuture.completedFuture(null);
            return announceAll(true);
        }));
        return all;
    }

    private CompletableFuture<?> announceAll(boolean hashToo) {
        var all = new ArrayList<CompletableFuture<?>>();
        var entries = new java.util.HashMap<String, String>();
        for (var world : local.values()) {
            var entry = entry(world);
            entries.put(PresenceView.key(world.accountId(), world.clientId()), entry);
            all.addAll(announce(world, entry));
        }
        if (hashToo && !entries.isEmpty()) {
            var held = heldKey(instanceId);
            all.add(commands.hset(held, entries).toCompletableFuture()
                    .thenCompose(n -> commands.pexpire(held, Cluster.WORLD_TTL_MILLIS).toCompletableFuture()));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Reloads the view from the held-worlds hashes of the live relays {@code members} (this one skipped). */
    void reload(List<String> members, boolean full) throws Exception {
        var others = members.stream().filter(m -> !m.equals(instanceId)).toList();
        if (others.isEmpty()) {
            live = Set.of();
            view.reload(List.of());
            return;
        }
        // A member that stopped listening has crashed, even while its beats have not yet expired: its worlds are
        // reconnecting elsewhere, and calls must not be sent to it.
        var listening = commands.pubsubNumsub(others.stream().map(Cluster::channel).toArray(String[]::new))
                .get(1, TimeUnit.SECONDS);
        var listeners = new java.util.HashSet<String>();
        for (var member : others) {
            if (listening.getOrDefault(Cluster.channel(member), 0L) > 0) listeners.add(member);
        }
        live = Set.copyOf(listeners);
        if (!full) {
            // Between full reloads the presence channel keeps the view current; only the gone relays' worlds go.
            view.keepOnly(live);
            return;
        }
        var hashes = new ArrayList<CompletableFuture<Map<String, String>>>();
        for (var member : listeners) hashes.add(commands.hgetall(heldKey(member)).toCompletableFuture());
        CompletableFuture.allOf(hashes.toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
        view.reload(hashes.stream().map(CompletableFuture::join).toList());
    }

    void withdrawAll() {
        for (var world : List.copyOf(local.values())) disconnected(world);
        commands.del(heldKey(instanceId));
    }

    /** The account's world held by another relay, or null: from the view, or from Redis when the view has none. */
    RemoteWorld find(String accountId, String clientId) {
        var known = view.find(accountId, clientId);
        if (known != null) return known;
        try {
            return fetch(accountId, clientId).get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw cluster.unavailableError(e);
        }
    }

    /**
     * The world's entry as Redis has it now, or null (none, or it names this relay); the view learns it. Completes
     * exceptionally when Redis cannot be asked.
     */
    CompletableFuture<RemoteWorld> fetch(String accountId, String clientId) {
        return commands.get(worldKey(accountId, clientId)).toCompletableFuture().thenCompose(value -> {
            if (value == null) return CompletableFuture.completedFuture(null);
            var world = PresenceView.parse(value, accountId, clientId);
            if (world == null || world.instanceId().equals(instanceId)) return CompletableFuture.completedFuture(null);
            return live(world.instanceId()).thenApply(alive -> {
                if (!alive) return null; // left behind by a relay that crashed
                view.heard(value, world);
                return world;
            });
        });
    }

    /** Whether {@code holder} is live: known from the last beat, else asked (it may have joined since). */
    private CompletableFuture<Boolean> live(String holder) {
        var known = live;
        if (known != null && known.contains(holder)) return CompletableFuture.completedFuture(true);
        var channel = Cluster.channel(holder);
        return commands.pubsubNumsub(channel).toCompletableFuture().thenApply(n -> n.getOrDefault(channel, 0L) > 0);
    }

    /** Forgets what the view says of {@code world}: its relay did not have it, or is gone. */
    void forget(RemoteWorld world) {
        view.forget(world);
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
                var world = PresenceView.parse(kv.getValue(), accountId, id);
                if (world != null && !world.instanceId().equals(instanceId)
                        && live(world.instanceId()).get(1, TimeUnit.SECONDS)) {
                    found.add(world);
                }
            }
            return found;
        } catch (Exception e) {
            throw cluster.unavailableError(e);
        }
    }
}
