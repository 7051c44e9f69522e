package org.foundryrelay;

import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.auth.Authenticator;
import org.foundryrelay.auth.ConnectionTokens;
import org.foundryrelay.auth.KeyEndpoints;
import org.foundryrelay.auth.PairRequests;
import org.foundryrelay.auth.Pairing;
import org.foundryrelay.auth.PairingEndpoints;
import org.foundryrelay.auth.RateLimiter;
import org.foundryrelay.auth.UsageMeter;
import org.foundryrelay.config.Config;
import org.foundryrelay.events.Channel;
import org.foundryrelay.events.EventEndpoints;
import org.foundryrelay.events.EventHub;
import org.foundryrelay.foundry.ClientsEndpoint;
import org.foundryrelay.foundry.RelaySocketEndpoint;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.routes.Forwarder;
import org.foundryrelay.routes.ForwardingEndpoints;
import org.foundryrelay.routes.OpenApi;
import org.foundryrelay.routes.RouteTable;
import org.foundryrelay.session.HeadlessSessions;
import org.foundryrelay.session.SessionEndpoints;
import org.foundryrelay.http.HealthEndpoints;
import org.foundryrelay.http.HttpServer;
import org.foundryrelay.store.ApiKeyRepository;
import org.foundryrelay.store.Database;
import org.foundryrelay.store.PairRequestRepository;
import org.foundryrelay.store.PairingCodeRepository;
import org.foundryrelay.store.TokenRepository;
import org.foundryrelay.store.WorldRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds every part of the relay by hand, starts it, and stops it in order. */
public final class Relay implements AutoCloseable {
    /** The relay's version, from the jar manifest ("dev" when run from classes). */
    public static final String VERSION = versionOf();

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

    private final Database db;
    private final WorldHub hub;
    private final Javalin http;
    private final ScheduledExecutorService timers;
    private final UsageMeter usage;
    private final HeadlessSessions sessions;

    private Relay(Database db, WorldHub hub, Javalin http, ScheduledExecutorService timers, UsageMeter usage,
                  HeadlessSessions sessions) {
        this.db = db;
        this.sessions = sessions;
        this.hub = hub;
        this.http = http;
        this.timers = timers;
        this.usage = usage;
    }

    /** Opens the store, wires every feature and starts listening. */
    public static Relay start(Config config) {
        var clock = Clock.systemUTC();
        var db = Database.open(config.database());
        HeadlessSessions sessions = null;
        try {
            var keys = new ApiKeyRepository(db);
            var usage = new UsageMeter(keys, clock);
            var limiter = new RateLimiter(config.perMinuteRequestLimit(), clock);
            var guard = new ApiGuard(new Authenticator(keys, db.version(), usage, clock), limiter);
            var timers = Executors.newScheduledThreadPool(2, r -> Thread.ofPlatform().daemon().name("relay-timers").unstarted(r));
            var worlds = new WorldRepository(db);
            var tokens = new ConnectionTokens(new TokenRepository(db), clock);
            var hub = new WorldHub(tokens, worlds, timers, clock, config.pingIntervalMillis(), 1024);
            var pairing = new Pairing(new PairingCodeRepository(db), worlds, tokens, clock);
            var pairRequests = new PairRequests(new PairRequestRepository(db), worlds, pairing, clock);
            var pairingLimiter = new RateLimiter(config.pairingPerMinute(), clock);
            var events = new EventHub(hub, config.sseMaxStreams(), config.eventHistory());
            hub.addListener(events);
            sessions = HeadlessSessions.create(config.headless(), config.dataDir(), db, tokens, hub,
                    (account, client) -> Arrays.stream(Channel.values())
                            .anyMatch(channel -> events.subscribers(account, client, channel) > 0), clock);
            hub.addListener(sessions);
            var routes = RouteTable.all();
            var forwarder = new Forwarder(hub, Duration.ofMillis(config.requestTimeoutMillis()), sessions::touch);
            var http = HttpServer.create(config, List.of(
                    new HealthEndpoints(VERSION, db::isHealthy, hub::onlineCount),
                    new KeyEndpoints(guard),
                    new RelaySocketEndpoint(hub, config.maxUploadBytes()),
                    new ClientsEndpoint(guard, hub, worlds),
                    new PairingEndpoints(pairing, pairRequests, pairingLimiter, hub, hub::isOnline),
                    new EventEndpoints(guard, hub, events, config.sseKeepaliveMillis()),
                    new SessionEndpoints(guard, sessions),
                    new ForwardingEndpoints(routes, guard, forwarder),
                    new OpenApi(routes, VERSION)));
            http.start();
            hub.start();
            timers.scheduleWithFixedDelay(() -> runQuietly(usage::flush), 1, 1, TimeUnit.SECONDS);
            timers.scheduleWithFixedDelay(limiter::sweep, 1, 1, TimeUnit.MINUTES);
            timers.scheduleWithFixedDelay(pairingLimiter::sweep, 1, 1, TimeUnit.MINUTES);
            sessions.schedule(timers);
            LOG.info("relay {} listening on {}:{} (store: {})", VERSION, config.host(), http.port(),
                    config.database().kind().name().toLowerCase(java.util.Locale.ROOT));
            return new Relay(db, hub, http, timers, usage, sessions);
        } catch (RuntimeException e) {
            if (sessions != null) sessions.close();
            db.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    public WorldHub hub() {
        return hub;
    }

    /**
     * Stops in order: headless sessions end (their tabs close, their tokens are revoked, Chromium stops),
     * no new requests, those in flight get a few seconds, world sockets close with a code the module
     * retries on, then the server and the store.
     */
    @Override
    public void close() {
        sessions.close();
        hub.shutdown(5_000);
        http.stop();
        timers.shutdownNow();
        runQuietly(usage::flush);
        db.close();
    }

    private static void runQuietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("background task failed: {}", e.getMessage());
        }
    }

    private static String versionOf() {
        var v = Relay.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
