package org.foundryrelay.session;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.foundryrelay.auth.ConnectionTokens;
import org.foundryrelay.cluster.Relays;
import org.foundryrelay.config.Config;
import org.foundryrelay.foundry.WorldHub;
import org.foundryrelay.foundry.RemoteWorld;
import org.foundryrelay.foundry.WorldListener;
import org.foundryrelay.foundry.WorldRef;
import org.foundryrelay.foundry.WorldSocket;
import org.foundryrelay.foundry.WorldsElsewhere;
import org.foundryrelay.session.SessionRegistry.Admission;
import org.foundryrelay.session.SessionState.EndReason;
import org.foundryrelay.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headless sessions: handshakes, starts, ends, listings, and the session lifecycle. A session ends when
 * asked to, when nobody used its world for {@code HEADLESS_SESSION_TIMEOUT}, when its world disconnects
 * for good, when Chromium is lost, and when the relay stops; its connection token is revoked every time.
 * Sessions an earlier run of this relay left open in the store are ended (and their tokens revoked) when
 * it starts. Every session is visible to, and can be ended by, its own account only.
 */
public final class HeadlessSessions implements WorldListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeadlessSessions.class);
    private static final int HANDSHAKES_PER_ACCOUNT = 10;
    private static final long RECONNECT_GRACE_MILLIS = 60_000;
    private static final long ENDED_LISTED_MILLIS = TimeUnit.HOURS.toMillis(24);
    private static final int ENDED_LISTED_MAX = 20;
    private static final long ENDED_KEPT_MILLIS = TimeUnit.DAYS.toMillis(30);

    /** Whether an outside client holds an event stream open on a world; that counts as using it. */
    @FunctionalInterface
    public interface StreamProbe {
        boolean streaming(String accountId, String clientId);
    }

    record StartRequest(String handshakeToken, String encryptedPassword, ConsoleCapture.Level capture, String worldName) {}

    /** A started (or joined) session; {@code existing} when the start found one already starting or running. */
    record Started(HeadlessSession session, boolean existing) {}

    record Listing(List<HeadlessSession> running, List<HeadlessSession> starting, List<SessionRecord> ended) {}

    private final Config.HeadlessConfig config;
    private final Path dataDir;
    private final ConnectionTokens tokens;
    private final WorldHub hub;
    private final StreamProbe streams;
    private final Clock clock;
    private final SessionRepository repo;
    private final Handshakes handshakes;
    private final FoundryUrlPolicy policy;
    private final SessionRegistry registry = new SessionRegistry();
    private final StoredSessions stored;
    private final SessionsAcross across;
    private final SessionWorlds worlds;
    private final ModulesElsewhere modules;

    /** Sessions on this relay, starting ones included. */
    public int count() {
        return registry.all(null).size();
    }
    private final BrowserHost host;
    private final SessionLauncher launcher;
    private final FoundryDriver driver;

    private HeadlessSessions(Config.HeadlessConfig config, Path dataDir, Database db, ConnectionTokens tokens, WorldHub hub,
                             StreamProbe streams, Clock clock, Relays relays, WorldsElsewhere elsewhere) {
        this.config = config;
        this.dataDir = dataDir;
        this.tokens = tokens;
        this.hub = hub;
        this.streams = streams;
        this.clock = clock;
        this.repo = new SessionRepository(db);
        // Only a cluster member's tokens name it: a relay on its own keeps the plain 64 hex digits.
        this.handshakes = new Handshakes(clock, HANDSHAKES_PER_ACCOUNT, relays.clustered() ? config.instanceId() : null);
        this.policy = new FoundryUrlPolicy(config.urlAllowlist());
        this.host = config.enabled() ? new BrowserHost(config.chromiumPath(), this::browserLost) : null;
        this.launcher = config.enabled() ? new SessionLauncher(host, config.launchTimeoutSeconds(), this::tabGone) : null;
        this.driver = config.enabled() ? new FoundryDriver(host) : null;
        this.stored = new StoredSessions(repo, tokens, clock);
        this.across = new SessionsAcross(relays, this, stored, clock, config.launchTimeoutSeconds());
        this.worlds = new SessionWorlds(hub, elsewhere);
        this.modules = new ModulesElsewhere(relays, hub, repo, clock, new WorldsHere());
    }

    /**
     * Ends what an earlier run left open, then takes sessions (starting no browser until one is asked for).
     * Through {@code relays} it serves the sessions it holds to the other relays of a cluster and reaches theirs;
     * through {@code elsewhere} it reaches a session's world whose module connected to another relay.
     */
    public static HeadlessSessions create(Config.HeadlessConfig config, Path dataDir, Database db, ConnectionTokens tokens,
                                          WorldHub hub, StreamProbe streams, Clock clock, Relays relays,
                                          WorldsElsewhere elsewhere) {
        var sessions = new HeadlessSessions(config, dataDir, db, tokens, hub, streams, clock, relays, elsewhere);
        sessions.endLeftovers();
        return sessions;
    }

    /**
     * Sweeps expired handshakes every 30 s and, unless the idle timeout is 0, reaps idle sessions; in a cluster,
     * ends the sessions of relays that left it every second.
     */
    public void schedule(ScheduledExecutorService timers) {
        timers.scheduleWithFixedDelay(handshakes::sweep, 30, 30, TimeUnit.SECONDS);
        if (across.clustered()) timers.scheduleWithFixedDelay(across::reapGone, 1, 1, TimeUnit.SECONDS);
        if (config.enabled() && config.idleTimeoutSeconds() > 0) {
            long period = Math.clamp(config.idleTimeoutSeconds() * 1000L / 4, 250, 30_000);
            timers.scheduleWithFixedDelay(this::reap, period, period, TimeUnit.MILLISECONDS);
        }
    }

    // --- the endpoints' operations ---------------------------------------------------------------

    Handshakes.Handshake handshake(String accountId, String url, String username, String worldName) {
        requireEnabled();
        if (blank(url) || blank(username)) {
            throw new Refusal(Refusal.Reason.MISSING_HEADERS, "x-foundry-url and x-username headers are required");
        }
        if (username.length() > 256 || worldName != null && worldName.length() > 256) {
            throw new Refusal(Refusal.Reason.TOO_LONG, "x-username and x-world-name may hold at most 256 characters");
        }
        var uri = policy.check(url);
        var target = new FoundryTarget(uri, username.strip(), blank(worldName) ? null : worldName.strip());
        var handshake = handshakes.issue(accountId, target);
        if (handshake == null) throw Refusal.tooManyHandshakes(HANDSHAKES_PER_ACCOUNT);
        return handshake;
    }

    /**
     * Starts (or joins) the session a handshake asked for.
     *
     * @throws Refusal before any browser work, or when the start is cut short
     * @throws LaunchException when the browser, Foundry or the module did not get the world running
     */
    Started start(String accountId, StartRequest request) throws LaunchException {
        requireEnabled();
        var handshake = switch (handshakes.take(request.handshakeToken(), accountId)) {
            case Handshakes.Taken.Ok ok -> ok.handshake();
            case Handshakes.Taken.Unknown u -> throw new Refusal(Refusal.Reason.HANDSHAKE_UNKNOWN,
                    "Unknown handshake token; get one from POST /session-handshake");
            case Handshakes.Taken.AlreadyUsed u -> throw new Refusal(Refusal.Reason.HANDSHAKE_USED,
                    "This handshake token was already used; each handshake starts one session. Get a new one from POST /session-handshake");
            case Handshakes.Taken.Expired e -> throw new Refusal(Refusal.Reason.HANDSHAKE_EXPIRED,
                    "This handshake token expired (handshakes last 5 minutes); get a new one from POST /session-handshake");
        };
        try (var credentials = Credentials.open(handshake, request.encryptedPassword())) {
            var target = blank(request.worldName()) ? handshake.target() : handshake.target().withWorld(request.worldName().strip());
            policy.check(target.url().toString()); // again: what the name resolves to may have changed
            var capture = request.capture() != null ? request.capture() : ConsoleCapture.Level.parse(config.consoleCapture()).orElse(null);
            var admission = registry.admit(target.launchKey(accountId), config.maxSessions(),
                    () -> create(accountId, target, capture));
            return switch (admission) {
                case Admission.Joined j -> join(j.session());
                case Admission.Full f -> throw Refusal.capReached(f.max());
                case Admission.Admitted a -> launch(a.session(), a.plainToken(), credentials.password());
            };
        }
    }

    /** Ends the caller's session; false when the account has no live session with this id. */
    boolean end(String accountId, String sessionId) {
        requireEnabled();
        var s = registry.get(sessionId);
        if (s == null || !s.accountId.equals(accountId)) return false;
        return end(s, EndReason.REQUESTED);
    }

    /** The account's live sessions on this relay, and its ended ones (those of every relay, from the store). */
    Listing list(String accountId) {
        requireEnabled();
        var mine = registry.all(accountId);
        var running = mine.stream().filter(s -> s.state() instanceof SessionState.Running).toList();
        var starting = mine.stream().filter(s -> s.state() instanceof SessionState.Starting).toList();
        var ended = repo.endedSince(accountId, clock.millis() - ENDED_LISTED_MILLIS, ENDED_LISTED_MAX);
        return new Listing(running, starting, ended);
    }

    SessionsAcross across() {
        return across;
    }

    /** A live session of an account, as the dashboard lists it. */
    public record Summary(String sessionId, String clientId, String foundryUrl, String username, String worldName,
                          boolean running, long startedAt, long lastActivity) {}

    /**
     * The account's starting and running sessions; in a cluster, those of every relay (this relay's alone when the
     * others cannot be asked). Empty when headless sessions are off.
     */
    public List<Summary> summaries(String accountId) {
        if (!config.enabled()) return List.of();
        var all = across.summaries(accountId);
        return all != null ? all : localSummaries(accountId);
    }

    /** The account's starting and running sessions on this relay. */
    List<Summary> localSummaries(String accountId) {
        return registry.all(accountId).stream().map(s -> new Summary(s.id, s.clientId(), s.target.url().toString(),
                s.target.username(), s.target.worldName(), s.state() instanceof SessionState.Running, s.startedAt,
                s.lastActivity())).toList();
    }

    /** Starting and running sessions on this relay, of every account. */
    public int summaryCount() {
        return config.enabled() ? registry.size() : 0;
    }

    /** Ends one of the account's sessions, wherever it runs; false when it has no live session with this id. */
    public boolean endForAccount(String accountId, String sessionId) {
        if (!config.enabled()) return false;
        return across.end(accountId, sessionId).status() == 200; // on the relay holding it
    }

    /** A request was forwarded to this world: its session, if any, is in use. */
    public void touch(String accountId, String clientId) {
        var s = registry.byWorld(accountId, clientId);
        if (s != null) s.touch(clock.millis());
        else modules.used(accountId, clientId); // its world may be here while another relay holds the session
    }

    /** The session's world as it is connected now, here or on another relay of the cluster; null when offline. */
    WorldRef liveWorld(HeadlessSession s) {
        var clientId = s.clientId();
        return clientId == null ? null : worlds.live(s.accountId, clientId);
    }

    String instanceId() {
        return config.instanceId();
    }

    // --- starting --------------------------------------------------------------------------------

    private Admission.Admitted create(String accountId, FoundryTarget target, ConsoleCapture.Level capture) {
        var id = UUID.randomUUID().toString();
        long now = clock.millis();
        var issued = tokens.issue(accountId, null, "headless", "headless session " + id.substring(0, 8));
        var console = capture == null ? null : ConsoleCapture.plan(dataDir, capture, target, id, clock.instant());
        var s = new HeadlessSession(id, accountId, issued.record().id(), config.instanceId(), target, console, now);
        try {
            repo.insert(new SessionRecord(id, accountId, config.instanceId(), s.tokenId, null, target.url().toString(),
                    target.username(), target.worldName(), null, null, console == null ? null : console.relativeName(),
                    "starting", null, now, now, null));
        } catch (RuntimeException e) {
            tokens.revoke(s.tokenId);
            throw e;
        }
        return new Admission.Admitted(s, issued.plainToken());
    }

    private Started launch(HeadlessSession s, String token, Password password) throws LaunchException {
        try {
            var world = launcher.launch(s, token, password);
            if (!s.run(world)) throw new LaunchException(new StartFailure.Cancelled("ended"));
            registry.running(s, world.clientId());
            s.touch(clock.millis());
            quietly(() -> repo.markRunning(s.id, world.clientId(), world.meta().worldId(), world.meta().worldTitle(), clock.millis()));
            s.ready.complete(s);
            LOG.info("headless session {} running: account={} client={} world={}", s.id, s.accountId, world.clientId(),
                    world.meta().worldId());
            return new Started(s, false);
        } catch (LaunchException e) {
            fail(s, e);
            LOG.info("headless session {} did not start: {}", s.id, e.failure().reason());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(s, new LaunchException(new StartFailure.Cancelled("interrupted")));
            throw new Refusal(Refusal.Reason.INTERRUPTED, "The relay stopped while the session was starting");
        } catch (RuntimeException e) {
            LOG.warn("headless session {} failed to start: {}", s.id, BrowserHost.firstLine(e.getMessage()));
            fail(s, new LaunchException(new StartFailure.BrowserUnavailable("internal error")));
            throw new Refusal(Refusal.Reason.INTERNAL_ERROR, "Internal error while starting the headless session");
        }
    }

    /** Starts joined to this launch learn the real failure, then the session ends. */
    private void fail(HeadlessSession s, LaunchException e) {
        s.ready.completeExceptionally(e);
        end(s, EndReason.LAUNCH_FAILED);
    }

    private Started join(HeadlessSession s) throws LaunchException {
        try {
            s.ready.get(config.launchTimeoutSeconds() + 30L, TimeUnit.SECONDS);
            return new Started(s, true);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LaunchException l) throw l;
            throw new Refusal(Refusal.Reason.INTERNAL_ERROR, "Internal error while starting the headless session");
        } catch (TimeoutException e) {
            throw new Refusal(Refusal.Reason.LAUNCH_TIMEOUT, "The session this start joined did not finish starting in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal(Refusal.Reason.INTERRUPTED, "The relay stopped while the session was starting");
        }
    }

    // --- ending ----------------------------------------------------------------------------------

    /**
     * Ends a session once: token revoked, row marked ended, tab closed, and the world's socket gone before
     * this returns, so whoever ended it finds the world offline.
     */
    private boolean end(HeadlessSession s, EndReason reason) {
        long now = clock.millis();
        var ended = s.end(reason, now);
        if (ended == null) return false;
        // Token first, then the row: whoever sees the session ended finds its token revoked.
        quietly(() -> tokens.revoke(s.tokenId));
        quietly(() -> repo.markEnded(s.id, reason.wire(), s.lastActivity(), now));
        s.ready.completeExceptionally(new LaunchException(new StartFailure.Cancelled(reason.wire())));
        closeTab(ended.tab());
        hub.disconnectToken(s.tokenId, 1000, "Headless session ended");
        if (ended.previous() instanceof SessionState.Running r) {
            // A world on another relay is closed there at once rather than by the revocation's poll.
            var remote = worlds.elsewhere(s.accountId, r.clientId());
            if (remote != null) modules.disconnect(remote.instanceId(), s.tokenId);
            worlds.awaitOffline(s, r.clientId(), 3);
        }
        registry.remove(s);
        LOG.info("headless session {} ended: {}", s.id, reason.wire());
        return true;
    }

    private void closeTab(Tab tab) {
        if (tab == null) return;
        try {
            host.ifRunning(b -> {
                tab.close();
                return null;
            });
        } catch (LaunchException | RuntimeException e) {
            LOG.debug("closing a session tab: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void endLeftovers() {
        stored.endOpen(config.instanceId(), EndReason.RELAY_RESTARTED);
        long now = clock.millis();
        quietly(() -> repo.prune(now - ENDED_KEPT_MILLIS));
    }

    /** Ends sessions nobody used for the idle timeout; an open event stream counts as use. */
    void reap() {
        long now = clock.millis();
        long limit = config.idleTimeoutSeconds() * 1000L;
        for (var s : registry.all(null)) {
            var clientId = s.clientId();
            if (clientId == null) continue;
            if (streams.streaming(s.accountId, clientId)) {
                s.touch(now);
            } else if (now - s.lastActivity() >= limit) {
                Thread.ofVirtual().name("headless-reaper").start(() -> end(s, EndReason.IDLE));
            }
        }
    }

    @Override
    public void connected(WorldSocket world) {
        var s = registry.byToken(world.tokenId());
        if (s == null) modules.connected(world); // perhaps a session of another relay
        else if (s.state() instanceof SessionState.Starting) s.module.complete(world);
    }

    @Override
    public void disconnected(WorldSocket world) {
        var s = registry.byToken(world.tokenId());
        if (s == null) modules.disconnected(world);
        else if (s.state() instanceof SessionState.Running) startWatch(s, world.clientId());
    }

    private void startWatch(HeadlessSession s, String clientId) {
        Thread.ofVirtual().name("headless-watch").start(() -> watch(s, clientId));
    }

    /** What another relay tells this one about the worlds of sessions held here whose module connected there. */
    private final class WorldsHere implements ModulesElsewhere.Holder {
        @Override
        public boolean moduleConnected(String sessionId, String accountId, String tokenId, RemoteWorld world) {
            var s = mine(sessionId, accountId, tokenId);
            if (s == null) return false;
            if (s.state() instanceof SessionState.Starting) s.module.complete(world);
            return true;
        }

        @Override
        public boolean moduleDisconnected(String sessionId, String accountId, String tokenId, String clientId) {
            var s = mine(sessionId, accountId, tokenId);
            if (s == null) return false;
            if (s.state() instanceof SessionState.Running r && r.clientId().equals(clientId)) startWatch(s, clientId);
            return true;
        }

        @Override
        public void used(String sessionId, String accountId) {
            var s = mine(sessionId, accountId, null);
            if (s != null) s.touch(clock.millis());
        }

        private HeadlessSession mine(String sessionId, String accountId, String tokenId) {
            var s = sessionId == null ? null : registry.get(sessionId);
            if (s == null || !s.accountId.equals(accountId) || tokenId != null && !s.tokenId.equals(tokenId)) return null;
            return s;
        }
    }

    /** The world dropped: wait for it to come back while its tab stays in the game, else end the session. */
    private void watch(HeadlessSession s, String clientId) {
        long deadline = clock.millis() + RECONNECT_GRACE_MILLIS;
        try {
            while (!s.isEnded()) {
                Thread.sleep(1_000);
                if (worlds.connected(s, clientId)) return; // back, here or on another relay
                if (!inGame(s) || clock.millis() > deadline) {
                    end(s, EndReason.WORLD_DISCONNECTED);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean inGame(HeadlessSession s) throws InterruptedException {
        var tab = s.tab();
        if (tab == null) return false;
        try {
            var state = driver.peek(tab);
            return state != null && List.of("game", "game-loading", "navigating", "unknown").contains(state.state());
        } catch (LaunchException | RuntimeException e) {
            return false;
        }
    }

    private void tabGone(HeadlessSession s) {
        if (s.state() instanceof SessionState.Running) end(s, EndReason.BROWSER_LOST);
    }

    private void browserLost() {
        for (var s : registry.all(null)) {
            if (s.state() instanceof SessionState.Running) end(s, EndReason.BROWSER_LOST);
        }
    }

    /** Ends every session (their tokens revoked) and stops the browser. */
    @Override
    public void close() {
        for (var s : registry.all(null)) end(s, EndReason.RELAY_STOPPED);
        if (host != null) host.close();
    }

    private void requireEnabled() {
        if (!config.enabled()) throw Refusal.disabled();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static void quietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("headless session bookkeeping failed: {}", e.getMessage());
        }
    }
}
