package org.foundryrelay.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.config.Config.ClusterConfig;
import org.foundryrelay.foundry.RemoteWorld;
import org.foundryrelay.foundry.Reply;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.foundry.WorldsElsewhere;
import org.foundryrelay.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This relay as a member of a cluster sharing one Redis: it announces itself and its worlds every
 * {@link #BEAT_MILLIS}, answers calls other relays send to its channel, reaches worlds they hold, shares its
 * worlds' events and counts per-key limits with them. When
 * Redis is unreachable, commands fail at once (never queued), the relay keeps serving its own worlds and
 * reports itself degraded; Lettuce reconnects every half second and the next beat re-announces everything.
 */
public final class Cluster implements WorldsElsewhere, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
    static final long BEAT_MILLIS = 500;
    /**
     * A relay's held-worlds hash lives this long unless its relay refreshes it (every beat). Calls do not wait for
     * a crashed relay's entries to expire: they end as soon as its channel has no listener.
     */
    static final long WORLD_TTL_MILLIS = 5_000;
    /** A member not heard for this long no longer counts in {@code members}. */
    static final long MEMBER_TTL_MILLIS = 3_000;
    static final String PREFIX = "fr:";

    private final String instanceId;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final StatefulRedisConnection<String, String> publishing;
    private final DirectPublisher direct;
    private final Presence presence;
    private final CrossRelayCalls calls;
    private final CrossRelayUploads uploads;
    private final SharedEvents events;
    private final RelayOperations operations;
    // Told of every call this relay forwards for another relay's client (so a headless session counts it as use).
    private volatile java.util.function.BiConsumer<String, String> callsHere = (account, client) -> {};
    private final Clock clock;
    // Its own thread: a beat must not wait behind the relay's store work, or this relay's worlds would expire.
    private final ScheduledExecutorService beats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("cluster-beat").unstarted(r));
    private volatile String problem; // null while Redis answers
    private volatile int members = 1;
    private long beatCount; // on the beat thread only

    private Cluster(ClusterConfig config, WorldHub hub, Clock clock, int eventHistory) {
        this.instanceId = config.instanceId();
        this.clock = clock;
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.constant(Duration.ofMillis(500)))
                .ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        var uri = RedisURI.create(config.redisUrl());
        uri.setTimeout(Duration.ofSeconds(1));
        this.client = RedisClient.create(resources, uri);
        this.direct = new DirectPublisher(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(1)))
                .build());
        try {
            this.connection = client.connect();
            this.subscriber = client.connectPubSub();
            // Plain Redis: calls and replies are written by the thread that has them (DirectPublisher).
            this.publishing = uri.isSsl() ? client.connect() : null;
        } catch (RuntimeException e) {
            close();
            // Named like a setting: the usual cause is a wrong REDIS_URL; the password is never printed.
            throw new org.foundryrelay.config.ConfigException("REDIS_URL: cannot reach Redis at " + uri.getHost() + ":"
                    + uri.getPort() + " (" + rootMessage(e) + ")");
        }
        var commands = connection.async();
        this.presence = new Presence(instanceId, commands, this);
        this.events = new SharedEvents(instanceId, commands, subscriber, presence, eventHistory);
        this.calls = new CrossRelayCalls(instanceId, client, commands,
                publishing != null ? new Publisher(publishing) : direct, hub, this, presence, events);
        this.operations = new RelayOperations(instanceId, commands, this);
        this.uploads = new CrossRelayUploads(instanceId, client, commands, hub, this);
        var eventChannels = PREFIX + "ev:";
        var ownChannel = channel(instanceId);
        var operationChannel = RelayOperations.channel(instanceId);
        var uploadChannel = CrossRelayUploads.channel(instanceId);
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                // Events stay on this thread, so they reach subscribers in the order they were published.
                if (channel.startsWith(eventChannels)) events.received(message);
                else if (channel.equals(ownChannel)) calls.received(message);
                else if (channel.equals(Presence.CHANNEL)) presence.received(message);
                else if (channel.equals(operationChannel)) operations.received(message);
                else if (channel.equals(uploadChannel)) uploads.received(message);
            }
        });
        subscriber.sync().subscribe(ownChannel, Presence.CHANNEL, operationChannel, uploadChannel);
        hub.addListener(presence);
        hub.admitThrough(this);
    }

    /**
     * Joins the cluster: connects to Redis (failing when it cannot), subscribes to this relay's channel and
     * starts announcing.
     */
    public static Cluster join(ClusterConfig config, WorldHub hub, Clock clock, int eventHistory) {
        var cluster = new Cluster(config, hub, clock, eventHistory);
        cluster.beat();
        cluster.beats.scheduleWithFixedDelay(cluster::beat, BEAT_MILLIS, BEAT_MILLIS, TimeUnit.MILLISECONDS);
        cluster.beats.scheduleWithFixedDelay(cluster.calls::watch, 250, 250, TimeUnit.MILLISECONDS);
        cluster.beats.scheduleWithFixedDelay(cluster.operations::watch, 250, 250, TimeUnit.MILLISECONDS);
        cluster.beats.scheduleWithFixedDelay(cluster.uploads::watch, 250, 250, TimeUnit.MILLISECONDS);
        LOG.info("cluster: joined as {}", config.instanceId());
        return cluster;
    }

    static String channel(String instanceId) {
        return PREFIX + "relay:" + instanceId;
    }

    public String instanceId() {
        return instanceId;
    }

    /** Whether Redis answered the last command; false means only this relay's own worlds are served. */
    public boolean reachable() {
        return problem == null;
    }

    /** Shares {@code hub}'s events with the other relays and lets its subscribers follow worlds they hold. */
    public void shareEvents(org.foundryrelay.events.EventHub hub) {
        events.attach(hub);
        hub.shareThrough(events, this);
    }

    /** Per-key allowances shared by every relay of the cluster. */
    public org.foundryrelay.auth.RateLimiter.Shared limits() {
        return new SharedLimits(this);
    }

    /** Named operations this relay serves to, and asks of, the other relays. */
    public Relays relays() {
        return operations;
    }

    /**
     * Tells {@code listener} (account, clientId) of each call this relay forwards to one of its worlds for a
     * client of another relay, as the asking relay's forwarder does for its own clients.
     */
    public void onCallsHere(java.util.function.BiConsumer<String, String> listener) {
        this.callsHere = listener;
    }

    void calledHere(String accountId, String clientId) {
        callsHere.accept(accountId, clientId);
    }

    /** The cluster as {@code /api/status} and {@code /health} show it. */
    public ObjectNode status() {
        var o = Json.object().put("instanceId", instanceId).put("redis", problem == null ? "ok" : "unreachable");
        if (problem != null) o.put("problem", problem);
        return o.put("members", members).put("worldsHere", presence.localCount());
    }

    /**
     * One announcement: this member, then every world it holds, with fresh expiries; then the view of the
     * other members' worlds is reloaded.
     */
    private void beat() {
        try {
            var commands = connection.async();
            var futures = new ArrayList<CompletableFuture<?>>();
            long now = clock.millis();
            futures.add(commands.zadd(PREFIX + "members", now, instanceId).toCompletableFuture());
            futures.add(commands.zremrangebyscore(PREFIX + "members", io.lettuce.core.Range.create(0, now - MEMBER_TTL_MILLIS))
                    .toCompletableFuture());
            var live = commands.zrange(PREFIX + "members", 0, -1).toCompletableFuture();
            futures.add(live);
            // The first beat after joining or after an outage is a full one: Redis may have lost everything.
            boolean full = beatCount++ % Presence.FULL_EVERY == 0 || problem != null;
            futures.addAll(presence.refresh(full));
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
            members = Math.max(1, live.join().size());
            // Whatever the presence channel missed (a lost message, an outage) is repaired here.
            presence.reload(live.join(), full);
            if (problem != null) {
                LOG.info("cluster: Redis reachable again; worlds re-announced");
                direct.close(); // a connection from before the outage may be half dead: the next publish makes a new one
            }
            problem = null;
        } catch (Exception e) {
            failed(e);
        }
    }

    /** Records that Redis could not be used; the message names the cause for callers and the health check. */
    String failed(Throwable e) {
        var cause = rootMessage(e);
        if (problem == null) LOG.warn("cluster: Redis unreachable ({}); serving this relay's worlds only", cause);
        problem = cause;
        calls.failAll(unavailable());
        if (operations != null) operations.failAll(new Relays.Answer(503, unavailable().body()));
        if (uploads != null) uploads.failAll(unavailable());
        return cause;
    }

    Reply unavailable() {
        return new Reply(503, Json.write(Json.error("Cluster unavailable: Redis is unreachable ("
                + (problem == null ? "unknown cause" : problem) + ")")));
    }

    Unavailable unavailableError(Throwable e) {
        return new Unavailable("Cluster unavailable: Redis is unreachable (" + failed(e) + ")");
    }

    /**
     * Those of {@code relays} with nobody listening on {@code channelOf(relay)}: crashed or gone. Throws
     * {@link Unavailable} (and records the outage) when Redis cannot be asked.
     */
    java.util.Set<String> silent(java.util.Set<String> relays, java.util.function.Function<String, String> channelOf) {
        // Asking Redis about no channel at all is an error that would read as Redis down.
        if (relays.isEmpty()) return java.util.Set.of();
        try {
            var counts = connection.async().pubsubNumsub(relays.stream().map(channelOf).toArray(String[]::new))
                    .get(1, TimeUnit.SECONDS);
            var silent = new java.util.HashSet<String>();
            for (var relay : relays) if (counts.getOrDefault(channelOf.apply(relay), 0L) == 0) silent.add(relay);
            return silent;
        } catch (Exception e) {
            throw unavailableError(e);
        }
    }

    RedisAsyncCommands<String, String> commands() {
        return connection.async();
    }

    private static String rootMessage(Throwable e) {
        var t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    // --- WorldsElsewhere ------------------------------------------------------------------------------

    @Override
    public RemoteWorld find(String accountId, String clientId) {
        return presence.find(accountId, clientId);
    }

    @Override
    public List<RemoteWorld> online(String accountId) {
        return presence.online(accountId);
    }

    @Override
    public boolean claim(String accountId, org.foundryrelay.foundry.WorldSocket socket, long connectedAt) {
        return presence.claim(accountId, socket, connectedAt);
    }

    @Override
    public boolean closeWorld(String accountId, String clientId, int code, String reason) {
        var world = presence.find(accountId, clientId);
        if (world == null) return false;
        try {
            return CrossRelayCalls.close(connection.async(), instanceId, world, code, reason).get(1, TimeUnit.SECONDS) > 0;
        } catch (Exception e) {
            throw unavailableError(e);
        }
    }

    @Override
    public CompletableFuture<Reply> request(RemoteWorld world, String type, ObjectNode payload, long timeoutMillis) {
        return calls.request(world, type, payload, timeoutMillis);
    }

    @Override
    public CompletableFuture<Reply> requestStreamed(RemoteWorld world, String type, ObjectNode payload, String field,
                                                    WorldHub.FieldWriter writer, long timeoutMillis) {
        return uploads.request(world, type, payload, field, writer, timeoutMillis);
    }

    /** Leaves the cluster: this member and its worlds are withdrawn at once, then the connections close. */
    @Override
    public void close() {
        beats.shutdownNow();
        try {
            if (connection != null && problem == null) {
                presence.withdrawAll();
                connection.sync().zrem(PREFIX + "members", instanceId);
            }
        } catch (RuntimeException e) {
            LOG.debug("cluster: could not withdraw cleanly: {}", e.getMessage());
        }
        var restarting = new Reply(503, Json.write(Json.error("Relay is restarting, try again shortly")));
        if (calls != null) calls.failAll(restarting);
        if (uploads != null) uploads.failAll(restarting);
        if (operations != null) operations.failAll(new Relays.Answer(503, restarting.body()));
        try {
            if (subscriber != null) subscriber.close();
            if (publishing != null) publishing.close();
            direct.close();
            if (connection != null) connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        } finally {
            resources.shutdown(0, 1, TimeUnit.SECONDS);
        }
    }
}
