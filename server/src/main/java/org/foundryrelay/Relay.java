package org.foundryrelay;

import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.accounts.AccountEndpoints;
import org.foundryrelay.accounts.AccountService;
import org.foundryrelay.accounts.ApiKeyEndpoints;
import org.foundryrelay.accounts.KeyRequestEndpoints;
import org.foundryrelay.accounts.KeyRequests;
import org.foundryrelay.accounts.SessionAuth;
import org.foundryrelay.accounts.WorldEndpoints;
import org.foundryrelay.accounts.Worlds;
import org.foundryrelay.audit.AuditLog;
import org.foundryrelay.audit.WorldAudit;
import org.foundryrelay.auth.ApiGuard;
import org.foundryrelay.auth.Principal;
import org.foundryrelay.auth.KeyService;
import org.foundryrelay.auth.Authenticator;
import org.foundryrelay.auth.ConnectionTokens;
import org.foundryrelay.auth.KeyEndpoints;
import org.foundryrelay.auth.PairRequests;
import org.foundryrelay.auth.Pairing;
import org.foundryrelay.auth.PairingEndpoints;
import org.foundryrelay.auth.RateLimiter;
import org.foundryrelay.auth.UsageMeter;
import org.foundryrelay.clientapi.ClientApi;
import org.foundryrelay.clientapi.ClientApiEndpoint;
import org.foundryrelay.clientapi.RemoteRequests;
import org.foundryrelay.cluster.Cluster;
import org.foundryrelay.cluster.Relays;
import org.foundryrelay.config.Config;
import org.foundryrelay.events.EventEndpoints;
import org.foundryrelay.events.EventHub;
import org.foundryrelay.foundry.ClientsEndpoint;
import org.foundryrelay.foundry.KnownWorlds;
import org.foundryrelay.foundry.RelaySocketEndpoint;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.foundry.WorldsElsewhere;
import org.foundryrelay.http.ListenException;
import org.foundryrelay.metrics.MetricsEndpoint;
import org.foundryrelay.metrics.RelayMetrics;
import org.foundryrelay.mcp.RelayMcp;
import org.foundryrelay.routes.Forwarder;
import org.foundryrelay.routes.ForwardingEndpoints;
import org.foundryrelay.routes.IdempotentCalls;
import org.foundryrelay.routes.OpenApi;
import org.foundryrelay.routes.Route;
import org.foundryrelay.routes.RetiredEndpoints;
import org.foundryrelay.routes.RouteTable;
import org.foundryrelay.routes.Transport;
import org.foundryrelay.routes.WorldActivity;
import org.foundryrelay.store.AccountRepository;
import org.foundryrelay.store.AuditRepository;
import org.foundryrelay.store.KeyRequestRepository;
import org.foundryrelay.store.PasswordResetRepository;
import org.foundryrelay.store.SignInRepository;
import org.foundryrelay.session.HeadlessSessions;
import org.foundryrelay.session.SessionEndpoints;
import org.foundryrelay.http.HealthEndpoints;
import org.foundryrelay.http.HttpServer;
import org.foundryrelay.store.ApiKeyRepository;
import org.foundryrelay.store.Database;
import org.foundryrelay.store.PairRequestRepository;
import org.foundryrelay.store.PairingCodeRepository;
import org.foundryrelay.store.RemoteAccessRepository;
import org.foundryrelay.store.TokenRepository;
import org.foundryrelay.store.WorldRepository;
import org.foundryrelay.web.AccountPages;
import org.foundryrelay.web.KeyPages;
import org.foundryrelay.web.StaticFiles;
import org.foundryrelay.web.WorldPages;
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
    private final RelayMetrics metrics;
    private final ClientApi clientApi;
    private final AuditLog audit;
    private final AccountService accounts;
    private final Cluster cluster;
    private final Runnable writeSeen;

    private Relay(Database db, WorldHub hub, Javalin http, ScheduledExecutorService timers, UsageMeter usage,
                  HeadlessSessions sessions, RelayMetrics metrics, ClientApi clientApi, AuditLog audit,
                  AccountService accounts, Cluster cluster, Runnable writeSeen) {
        this.writeSeen = writeSeen;
        this.cluster = cluster;
        this.metrics = metrics;
        this.db = db;
        this.clientApi = clientApi;
        this.audit = audit;
        this.accounts = accounts;
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
        RelayMetrics metrics = null;
        Cluster cluster = null;
        try {
            var keys = new ApiKeyRepository(db);
            var usage = new UsageMeter(keys, clock);
            var limiter = new RateLimiter(config.perMinuteRequestLimit(), clock);
            var guard = new ApiGuard(new Authenticator(keys, db.version(), usage, clock), limiter,
                    new RateLimiter(config.authFailureLimit(), clock));
            var timers = Executors.newScheduledThreadPool(2, r -> Thread.ofPlatform().daemon().name("relay-timers").unstarted(r));
            var worlds = new WorldRepository(db);
            var tokenRepo = new TokenRepository(db);
            var tokens = new ConnectionTokens(tokenRepo, clock);
            // Worlds connecting and leaving queue their store writes; this writes them in batches.
            Runnable writeSeen = () -> {
                worlds.flushPending();
                tokenRepo.flushPending();
            };
            var hub = new WorldHub(tokens, worlds, timers, clock, config.pingIntervalMillis(), 1024);
            // A cluster member (REDIS_URL) reaches the worlds other relays hold and shares its limits with them.
            if (config.cluster() != null) {
                cluster = Cluster.join(config.cluster(), hub, clock, config.eventHistory());
                limiter.sharedThrough(cluster.limits(), "key");
            }
            WorldsElsewhere elsewhere = cluster != null ? cluster : WorldsElsewhere.NONE;
            var instanceId = cluster != null ? cluster.instanceId() : null;
            var pairing = new Pairing(new PairingCodeRepository(db), worlds, tokens, clock);
            var pairRequests = new PairRequests(new PairRequestRepository(db), worlds, pairing, clock);
            var pairingLimiter = new RateLimiter(config.pairingPerMinute(), clock);
            var events = new EventHub(hub, config.sseMaxStreams(), config.eventHistory());
            hub.addListener(events);
            if (cluster != null) cluster.shareEvents(events);
            // An event stream open on any relay of a cluster counts as use of the world's session.
            sessions = HeadlessSessions.create(config.headless(), config.dataDir(), db, tokens, hub, events::followed, clock,
                    cluster != null ? cluster.relays() : Relays.alone(config.headless().instanceId()), elsewhere);
            hub.addListener(sessions);
            // A call another relay forwards to a world held here is use of its session too.
            if (cluster != null) cluster.onCallsHere(sessions::touch);
            var accountsConfig = config.accounts();
            var audit = new AuditLog(new AuditRepository(db), keys, clock,
                    Duration.ofDays(accountsConfig.auditRetentionDays()));
            var worldAudit = new WorldAudit(audit);
            hub.addListener(worldAudit);
            var accountRepo = new AccountRepository(db);
            var accounts = new AccountService(accountRepo, new SignInRepository(db), new PasswordResetRepository(db),
                    tokens, hub, audit, clock, accountsConfig.registrationOpen(), accountsConfig.authRateLimit());
            if (accountsConfig.adminEmail() != null) {
                accounts.bootstrapAdmin(accountsConfig.adminEmail(), accountsConfig.adminPassword());
            }
            var sessionAuth = new SessionAuth(accounts);
            var keyService = new KeyService(accountRepo, keys, clock);
            var worldService = new Worlds(worlds, tokens, pairing, pairRequests, hub, elsewhere, audit);
            var keyRequests = new KeyRequests(new KeyRequestRepository(db), keys, audit, clock);
            var keyRequestLimiter = new RateLimiter(20, 15 * 60_000L, clock);
            var headless = sessions;
            var activity = new WorldActivity() {
                @Override
                public void forwarded(String accountId, String clientId) {
                    headless.touch(accountId, clientId);
                }

                @Override
                public void completed(Principal principal, String clientId, Route route, Transport transport, int status,
                                      long millis) {
                    if (route.method().isRead()) return; // the log keeps what changes worlds
                    var action = transport == Transport.HTTP ? route.method() + " " + route.path()
                            : transport.name().toLowerCase(Locale.ROOT) + " " + route.messageType();
                    audit.forwarded(principal.accountId(), principal.keyId(), clientId, action, status, millis);
                }
            };
            var routes = RouteTable.all();
            var knownWorlds = new KnownWorlds(hub, worlds, elsewhere, instanceId);
            var forwarder = new Forwarder(hub, elsewhere, Duration.ofMillis(config.requestTimeoutMillis()), activity);
            var clientApi = new ClientApi(guard, events, forwarder, timers, new ClientApi.Limits(
                    config.clientApi().maxSocketsPerKey(), config.clientApi().sendQueueKb() * 1024L,
                    config.maxBodyBytes(), config.pingIntervalMillis()));
            hub.addListener(new RemoteRequests(hub, forwarder, new RemoteAccessRepository(db), worlds, clock));
            metrics = config.metricsToken() == null ? null : new RelayMetrics()
                    .gauge("relay_worlds_online", "worlds connected to this relay", hub::onlineCount)
                    .gauge("relay_calls_waiting", "forwarded calls waiting for a world's answer", hub::pendingCount)
                    .gauge("relay_event_streams", "open event subscriptions (SSE and /ws/api)", events::streamCount)
                    .gauge("relay_client_sockets", "open /ws/api client sockets", clientApi::openSockets)
                    .counter("relay_slow_readers_closed", "/ws/api sockets closed for not reading", clientApi::slowReadersClosed)
                    .gauge("relay_headless_sessions", "headless sessions, starting ones included", sessions::count)
                    .counter("relay_queue_drops", "calls refused because a world's send queue was full", hub::queueDrops);
            var observer = metrics == null ? HttpServer.RequestObserver.NONE : (HttpServer.RequestObserver) metrics::request;
            var eventEndpoints = new EventEndpoints(guard, events, config.sseKeepaliveMillis());
            var keyApi = new ApiKeyEndpoints(sessionAuth, keyService, keys, audit, clock);
            var storeKind = config.database().kind().name().toLowerCase(Locale.ROOT);
            var relayStatus = new AccountPages.RelayStatus(VERSION, hub::onlineCount, headless::summaryCount, storeKind);
            var features = new java.util.ArrayList<org.foundryrelay.http.Endpoints>(List.of(
                    new HealthEndpoints(VERSION, db::isHealthy, hub::onlineCount, cluster == null ? null : cluster::status),
                    new KeyEndpoints(guard),
                    new RelaySocketEndpoint(hub, config.maxUploadBytes()),
                    new ClientsEndpoint(guard, knownWorlds),
                    new PairingEndpoints(pairing, pairRequests, pairingLimiter, hub, hub::isOnline, worldAudit),
                    new AccountEndpoints(accounts, sessionAuth, keys, audit, clock),
                    keyApi,
                    new WorldEndpoints(sessionAuth, worldService),
                    new KeyRequestEndpoints(sessionAuth, keyRequests, keyRequestLimiter, accountsConfig.publicUrl()),
                    eventEndpoints,
                    new ClientApiEndpoint(clientApi),
                    new SessionEndpoints(guard, sessions),
                    new ForwardingEndpoints(routes, guard, forwarder, new IdempotentCalls(clock)),
                    new RetiredEndpoints(guard),
                    RelayMcp.create(VERSION, routes, guard, forwarder, knownWorlds, events),
                    new MetricsEndpoint(metrics, config.metricsToken()),
                    new StaticFiles(),
                    new AccountPages(accounts, relayStatus, accountsConfig.publicUrl()),
                    new WorldPages(accounts, worldService, sessions, eventEndpoints, audit),
                    new KeyPages(accounts, keyApi, keys, keyRequests, worldService)));
            // The OpenAPI document describes the rows and what every other feature says it serves.
            features.add(new OpenApi(routes, VERSION, features.stream().flatMap(f -> f.documented().stream()).toList()));
            var http = HttpServer.create(config, features, observer);
            try {
                http.start();
            } catch (RuntimeException e) {
                throw ListenException.explain(config.host(), config.port(), e);
            }
            hub.start();
            clientApi.start();
            timers.scheduleWithFixedDelay(() -> runQuietly(usage::flush), 1, 1, TimeUnit.SECONDS);
            timers.scheduleWithFixedDelay(guard::sweep, 1, 1, TimeUnit.MINUTES);
            timers.scheduleWithFixedDelay(pairingLimiter::sweep, 1, 1, TimeUnit.MINUTES);
            timers.scheduleWithFixedDelay(keyRequestLimiter::sweep, 1, 1, TimeUnit.MINUTES);
            timers.scheduleWithFixedDelay(() -> runQuietly(audit::flush), 250, 250, TimeUnit.MILLISECONDS);
            timers.scheduleWithFixedDelay(() -> runQuietly(writeSeen), 250, 250, TimeUnit.MILLISECONDS);
            timers.scheduleWithFixedDelay(() -> runQuietly(audit::prune), 0, 24 * 60, TimeUnit.MINUTES);
            timers.scheduleWithFixedDelay(() -> runQuietly(accounts::prune), 5, 5, TimeUnit.MINUTES);
            sessions.schedule(timers);
            LOG.info("relay {} listening on {}:{} (store: {})", VERSION, config.host(), http.port(), storeKind);
            if (!config.trustedProxies().isEmpty()) {
                LOG.info("client addresses: X-Forwarded-For from trusted proxies {}", config.trustedProxies());
            }
            announceDashboard(config, http.port(), accounts);
            return new Relay(db, hub, http, timers, usage, sessions, metrics, clientApi, audit, accounts, cluster, writeSeen);
        } catch (RuntimeException e) {
            if (sessions != null) sessions.close();
            if (cluster != null) cluster.close();
            if (metrics != null) metrics.close();
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

    public ClientApi clientApi() {
        return clientApi;
    }

    /** The one-time code of the first-run setup page (also printed in the log), or null once an account exists. */
    public String setupCode() {
        return accounts.setupCode();
    }

    /** Every HTTP route served, as {@code "GET /path"} (no CORS preflight or filters), e.g. to check the OpenAPI document. */
    public List<String> httpRoutes() {
        var methods = java.util.Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
        return http.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> methods.contains(e.endpoint.method.name()))
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path).toList();
    }

    /**
     * Stops in order: headless sessions end (their tabs close, their tokens are revoked, Chromium stops),
     * no new requests, those in flight get a few seconds, world sockets close with a code the module
     * retries on, client sockets close with 1012 (clients may reconnect), then the server
     * and the store.
     */
    @Override
    public void close() {
        sessions.close();
        hub.shutdown(5_000);
        clientApi.shutdown();
        http.stop();
        timers.shutdownNow();
        if (cluster != null) runQuietly(cluster::close);
        runQuietly(usage::flush);
        runQuietly(audit::flush);
        runQuietly(writeSeen);
        if (metrics != null) metrics.close();
        db.close();
        LOG.info("relay stopped");
    }

    // The one line a new operator needs: where the dashboard is and, on a store without accounts, the setup code.
    private static void announceDashboard(Config config, int port, AccountService accounts) {
        var url = config.accounts().publicUrl() != null ? config.accounts().publicUrl()
                : "http://" + (config.host().equals("0.0.0.0") ? "localhost" : config.host()) + ":" + port;
        var setupCode = accounts.setupCode();
        if (setupCode != null) {
            LOG.info("dashboard: open {}/ to create the admin account; setup code {}", url, setupCode);
        } else if (accounts.list().stream().noneMatch(a -> a.isAdmin() && a.passwordHash() != null && !a.disabled())) {
            LOG.info("dashboard: {}/ (no admin can sign in yet: relay accounts set-password NAME, then relay accounts promote NAME)", url);
        } else {
            LOG.info("dashboard: {}/", url);
        }
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
