package org.foundryrelay.sim.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.foundryrelay.sim.world.Fixture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Foundry-like web server on the loopback interface: a setup screen listing worlds, the
 * {@code /join} login of the imitated version, and a game page whose script runs the REST API module's
 * relay connection in the browser, bridged to the hosted {@link org.foundryrelay.sim.world.World}.
 *
 * <pre>{@code
 * var front = FoundryFront.start(FoundryFront.Options.running(13,
 *         HostedWorld.paired(World.defaultWorld(), "ws://127.0.0.1:3010", "fvtt_0123456789abcdef")));
 * page.navigate(front.url());   // → /join
 * }</pre>
 *
 * <p>Like Foundry, one world runs at a time. While it runs, the front owns that world's outbox
 * ({@code World.attach}): do not connect a {@link org.foundryrelay.sim.protocol.ModuleConnection} to
 * the same world at the same time.
 */
public final class FoundryFront implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FoundryFront.class);
    private static final int BRIDGED_KEPT = 1000;

    /**
     * What to serve.
     *
     * @param version          the Foundry release to imitate
     * @param worlds           the installed worlds, in setup-screen order; ids must be unique
     * @param activeWorld      the id of the world already running, or null to start on the setup screen
     * @param port             the port to listen on, 0 for any free one
     * @param joinRules        how strictly the join page and {@code POST /join} behave (default
     *                         {@link JoinRules#LENIENT})
     */
    public record Options(FoundryVersion version, List<HostedWorld> worlds, String activeWorld, int port,
                          JoinRules joinRules) {

        public Options {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(joinRules, "joinRules");
            worlds = List.copyOf(worlds);
            if (worlds.isEmpty()) throw new IllegalArgumentException("at least one world is needed");
            if (worlds.stream().map(HostedWorld::id).distinct().count() != worlds.size()) {
                throw new IllegalArgumentException("world ids must be unique");
            }
            if (activeWorld != null && worlds.stream().noneMatch(w -> w.id().equals(activeWorld))) {
                throw new IllegalArgumentException("no such world: " + activeWorld);
            }
            if (port < 0 || port > 65535) throw new IllegalArgumentException("bad port " + port);
        }

        /** Worlds on the setup screen of a Foundry {@code majorVersion} (11 to 14), any free port. */
        public static Options of(int majorVersion, HostedWorld... worlds) {
            return new Options(FoundryVersion.of(majorVersion), List.of(worlds), null, 0, JoinRules.LENIENT);
        }

        /** A single world of a Foundry {@code majorVersion}, already running (the server starts on {@code /join}). */
        public static Options running(int majorVersion, HostedWorld world) {
            return of(majorVersion, world).withActiveWorld(world.id());
        }

        /** The same with {@code worldId} already running (the server starts on {@code /join}). */
        public Options withActiveWorld(String worldId) {
            return new Options(version, worlds, worldId, port, joinRules);
        }

        public Options withPort(int value) {
            return new Options(version, worlds, activeWorld, value, joinRules);
        }

        public Options withVersion(FoundryVersion value) {
            return new Options(value, worlds, activeWorld, port, joinRules);
        }

        public Options withJoinRules(JoinRules value) {
            return new Options(version, worlds, activeWorld, port, value);
        }
    }

    /** The result of a launch request. */
    enum Launch { LAUNCHED, UNKNOWN_WORLD, OTHER_WORLD_ACTIVE }

    private final Options options;
    private final Map<String, HostedWorld> worlds = new LinkedHashMap<>();
    private final Pages pages;
    private final SessionStore sessions = new SessionStore();
    private final EventStreams streams = new EventStreams();
    private final List<LoginAttempt> attempts = new CopyOnWriteArrayList<>();
    private final Deque<String> bridged = new ArrayDeque<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;
    private final Instant started = Instant.now();
    private final SetupRoutes setup = new SetupRoutes(this);
    private final JoinRoutes join = new JoinRoutes(this);
    private final GameRoutes game = new GameRoutes(this);
    private HostedWorld active; // guarded by this
    private boolean closed; // guarded by this

    private FoundryFront(Options options) throws IOException {
        this.options = options;
        for (var world : options.worlds()) worlds.put(world.id(), world);
        this.pages = new Pages(options.version());
        if (options.activeWorld() != null) tryLaunch(options.activeWorld());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 64);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /**
     * Starts serving on {@code 127.0.0.1}.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static FoundryFront start(Options options) {
        try {
            return new FoundryFront(Objects.requireNonNull(options, "options"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Foundry front", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Options options() {
        return options;
    }

    /** The running world's id, if any. */
    public synchronized Optional<String> activeWorld() {
        return Optional.ofNullable(active).map(HostedWorld::id);
    }

    /** The installed worlds in setup-screen order. */
    public Collection<HostedWorld> worlds() {
        return List.copyOf(worlds.values());
    }

    /**
     * Launches {@code worldId} as the setup screen would.
     *
     * @throws IllegalArgumentException for an unknown world
     * @throws IllegalStateException    when another world is running
     */
    public void launch(String worldId) {
        switch (tryLaunch(worldId)) {
            case LAUNCHED -> { }
            case UNKNOWN_WORLD -> throw new IllegalArgumentException("no such world: " + worldId);
            case OTHER_WORLD_ACTIVE -> throw new IllegalStateException("another world is running: " + activeWorld().orElse(""));
        }
    }

    /**
     * Shuts the running world down and returns to the setup screen. Every session of that world ends:
     * open game pages are told so and go back to {@code /join}, which closes their relay sockets.
     */
    public void shutdown() {
        List<Session> ended;
        synchronized (this) {
            if (active == null) return;
            active.world().attach(null);
            ended = sessions.endWorld(active.id());
            active = null;
        }
        for (var session : ended) streams.end(session, "The world was shut down.");
    }

    /** Every {@code POST /join} so far, oldest first. */
    public List<LoginAttempt> loginAttempts() {
        return List.copyOf(attempts);
    }

    /** The successful {@code POST /join}s, oldest first. */
    public List<LoginAttempt> logins() {
        return attempts.stream().filter(LoginAttempt::succeeded).toList();
    }

    /** The sessions currently logged in, oldest first. */
    public List<Session> sessions() {
        return sessions.all();
    }

    /** Ids of the users of the running world that have a game page open right now. */
    public Set<String> presentUsers() {
        return activeWorld().map(streams::presentUsers).orElse(Set.of());
    }

    /** The {@code type}s of the relay messages game pages bridged to the world, oldest first (last 1000). */
    public synchronized List<String> bridgedTypes() {
        return List.copyOf(bridged);
    }

    /** Stops the server: open event streams end, open pages lose their bridge. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (active != null) active.world().attach(null);
        }
        streams.close();
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "FoundryFront[" + url() + ", v" + options.version().build() + ", active=" + activeWorld().orElse("-") + "]";
    }

    // ---- for the route classes ----

    FoundryVersion version() {
        return options.version();
    }

    JoinRules joinRules() {
        return options.joinRules();
    }

    /** Whether the join page is Foundry 14.366+'s: no user list, only autocomplete entries while a name is typed. */
    boolean autocompleteOnly() {
        return options.joinRules() == JoinRules.STRICT && options.version().joinStyle() == FoundryVersion.JoinStyle.USERNAME_FIELD;
    }

    Pages pages() {
        return pages;
    }

    EventStreams streams() {
        return streams;
    }

    synchronized Optional<HostedWorld> activeHostedWorld() {
        return Optional.ofNullable(active);
    }

    synchronized Launch tryLaunch(String worldId) {
        var world = worlds.get(worldId);
        if (world == null) return Launch.UNKNOWN_WORLD;
        if (active != null) return active == world ? Launch.LAUNCHED : Launch.OTHER_WORLD_ACTIVE;
        active = world;
        world.world().attach(streams.outbox(world.id()));
        return Launch.LAUNCHED;
    }

    /** The request's session, if its cookie names one. */
    Optional<Session> session(HttpExchange ex) {
        return Http.cookie(ex, Http.SESSION_COOKIE).flatMap(sessions::get);
    }

    boolean isPresent(String worldId, String userId) {
        return streams.isPresent(worldId, userId);
    }

    /** Logs {@code user} in; a page still open for an older login of that user is sent back to /join. */
    Session login(HostedWorld world, Fixture.User user) {
        var created = sessions.create(world.id(), user);
        for (var old : created.replaced()) streams.end(old, "You logged in from another browser.");
        return created.session();
    }

    void record(LoginAttempt attempt) {
        attempts.add(attempt);
        log.debug("join {} as {} ({}): {}", attempt.worldId(), attempt.given(), attempt.field(),
                attempt.succeeded() ? "ok" : attempt.error().code());
    }

    synchronized void bridged(String type) {
        if (bridged.size() == BRIDGED_KEPT) bridged.removeFirst();
        bridged.addLast(type);
    }

    // ---- routing ----

    private void dispatch(HttpExchange ex) {
        try {
            switch (ex.getRequestURI().getPath()) {
                case "/" -> root(ex);
                case "/setup" -> setup.handle(ex);
                case "/join" -> join.handle(ex);
                case "/join/users" -> join.users(ex);
                case "/game" -> game.page(ex);
                case "/bridge/message" -> game.message(ex);
                case "/bridge/player-list" -> game.playerList(ex);
                case "/bridge/events" -> game.events(ex);
                case "/api/status" -> status(ex);
                default -> Http.text(ex, 404, "Not Found");
            }
        } catch (IOException e) {
            log.debug("{} {}: {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e.toString());
        } catch (RuntimeException e) {
            log.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            try {
                Http.text(ex, 500, "Internal Server Error");
            } catch (IOException | RuntimeException ignored) {
                // headers were already sent
            }
        } finally {
            ex.close();
        }
    }

    /** {@code /}: to the setup screen, the login, or the game for a logged-in browser. */
    private void root(HttpExchange ex) throws IOException {
        var world = activeHostedWorld();
        if (world.isEmpty()) {
            Http.redirect(ex, "/setup");
        } else {
            boolean loggedIn = session(ex).filter(s -> s.worldId().equals(world.get().id())).isPresent();
            Http.redirect(ex, loggedIn ? "/game" : "/join");
        }
    }

    /** {@code GET /api/status}, shaped like Foundry's. */
    private void status(HttpExchange ex) throws IOException {
        var body = Http.JSON.createObjectNode();
        var world = activeHostedWorld();
        body.put("active", world.isPresent());
        body.put("version", options.version().build());
        world.ifPresent(w -> {
            var info = w.world().info();
            body.put("world", w.id());
            body.put("system", info.systemId());
            body.put("systemVersion", info.systemVersion());
            body.put("users", streams.presentUsers(w.id()).size());
            body.put("uptime", Duration.between(started, Instant.now()).toSeconds());
        });
        Http.json(ex, 200, body);
    }
}
