package org.foundryrelay.session;

import com.microsoft.playwright.PlaywrightException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.foundryrelay.foundry.WorldRef;

/**
 * Brings one session's world online: checks Foundry answers, opens the tab with the token seeded, launches
 * the world from the setup screen when asked, logs in, waits for the game and then for <em>that</em>
 * world's module to connect with the session's token. Runs on the starting request's (virtual) thread;
 * every browser step goes through the {@link BrowserHost}, the waiting in between happens here.
 */
final class SessionLauncher {
    private static final long POLL_MILLIS = 250;
    private static final long FIRST_SCREEN_MILLIS = 30_000;
    private static final long EMPTY_SETUP_MILLIS = 15_000;
    /** How long the v14 autocomplete may take to show the typed user. */
    private static final long AUTOCOMPLETE_MILLIS = 2_000;
    /** Autocomplete entries unchanged this long without the typed user: the page knows no such user. */
    private static final long AUTOCOMPLETE_SETTLED_MILLIS = 500;
    private static final long AUTOCOMPLETE_POLL_MILLIS = 100;

    private final BrowserHost host;
    private final FoundryDriver driver;
    private final int timeoutSeconds;
    private final Consumer<HeadlessSession> tabGone;

    SessionLauncher(BrowserHost host, int timeoutSeconds, Consumer<HeadlessSession> tabGone) {
        this.host = host;
        this.driver = new FoundryDriver(host);
        this.timeoutSeconds = timeoutSeconds;
        this.tabGone = tabGone;
    }

    /** The world once its module connected (here or on another relay of the cluster) and was checked. */
    WorldRef launch(HeadlessSession s, String token, Password password) throws LaunchException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        var url = s.target.url().toString();
        Reachability.check(s.target.url());
        cancelIfEnded(s);
        var tab = host.call(b -> Tab.open(b, host, s.target.origin(), token, s.console, () -> tabGone.accept(s)));
        if (!s.attach(tab)) {
            host.ifRunning(b -> {
                tab.close();
                return null;
            });
            throw cancelled(s);
        }
        try {
            driver.navigate(tab, url);
            long firstDeadline = Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FIRST_SCREEN_MILLIS));
            var screen = firstScreen(s, tab, firstDeadline);
            if (!s.target.origin().equals(screen.origin())) {
                throw new LaunchException(new StartFailure.NotFoundry(url, "it sent the browser on to " + screen.origin()
                        + "; use that address as x-foundry-url"));
            }
            if (screen.state().startsWith("setup")) screen = launchWorld(s, tab, screen, deadline);
            if (screen.state().equals("join")) login(s, tab, password, deadline);
            var info = driver.gameInfo(tab);
            if (info.worldId() != null && !s.target.wants(info.worldId(), info.worldTitle())) {
                throw new LaunchException(new StartFailure.OtherWorldRunning(s.target.worldName(), info.worldId(), null));
            }
            var world = awaitModule(s, tab, deadline, info);
            var meta = world.meta();
            if (!s.target.wants(meta.worldId(), meta.worldTitle())) {
                throw new LaunchException(new StartFailure.OtherWorldRunning(s.target.worldName(), meta.worldId(),
                        "its module connected as " + world.clientId()));
            }
            return world;
        } catch (PlaywrightException e) {
            if (s.isEnded()) throw cancelled(s);
            throw new LaunchException(new StartFailure.NotFoundry(url, "a browser step failed: " + BrowserHost.firstLine(e.getMessage())));
        }
    }

    /** Waits for the setup, login or game screen, turning the screens a login cannot pass into failures. */
    private FoundryDriver.PageState firstScreen(HeadlessSession s, Tab tab, long deadline)
            throws LaunchException, InterruptedException {
        long began = System.nanoTime();
        long setupLoadingSince = 0;
        FoundryDriver.PageState last = null;
        while (true) {
            cancelIfEnded(s);
            last = driver.state(tab);
            switch (last.state()) {
                case "setup", "join", "game" -> {
                    return last;
                }
                case "setup-loading" -> {
                    if (setupLoadingSince == 0) setupLoadingSince = System.nanoTime();
                    // A setup screen that stays empty has no worlds at all.
                    if (System.nanoTime() - setupLoadingSince > TimeUnit.MILLISECONDS.toNanos(EMPTY_SETUP_MILLIS)) return last;
                }
                case "error" -> throw new LaunchException(new StartFailure.FoundryUnreachable(s.target.url().toString(),
                        "the browser could not load the page"));
                case "closed" -> throw closed(s);
                default -> blocked(last);
            }
            if (System.nanoTime() > deadline) {
                throw new LaunchException(new StartFailure.NotFoundry(s.target.url().toString(), "no Foundry setup, login"
                        + " or game screen appeared within " + Math.round((deadline - began) / 1e9) + " s (last page: " + last.path() + ")"));
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static void blocked(FoundryDriver.PageState state) throws LaunchException {
        var screen = switch (state.state()) {
            case "license" -> "licence agreement";
            case "admin-auth" -> "administrator password";
            case "players" -> "first-launch user setup";
            default -> null;
        };
        if (screen != null) throw new LaunchException(new StartFailure.SetupBlocked(screen));
    }

    /** On the setup screen: launch the named world and wait for its login screen. */
    private FoundryDriver.PageState launchWorld(HeadlessSession s, Tab tab, FoundryDriver.PageState setup, long deadline)
            throws LaunchException, InterruptedException {
        var wanted = s.target.worldName();
        var worlds = driver.worlds(tab, wanted, wanted != null);
        if (wanted == null) throw new LaunchException(new StartFailure.NoWorldRunning(worlds.described()));
        if (!worlds.found()) throw new LaunchException(new StartFailure.WorldNotFound(wanted, worlds.described()));
        if (!worlds.clicked()) {
            throw new LaunchException(new StartFailure.NotFoundry(s.target.url().toString(),
                    "world '" + wanted + "' has no launch control on the setup screen"));
        }
        while (true) {
            cancelIfEnded(s);
            var state = driver.state(tab);
            switch (state.state()) {
                case "join", "game" -> {
                    return state;
                }
                case "closed" -> throw closed(s);
                case "setup", "setup-loading" -> {
                    if (state.error() != null) {
                        throw new LaunchException(new StartFailure.WorldLaunchFailed(wanted, state.error()));
                    }
                }
                default -> blocked(state);
            }
            if (System.nanoTime() > deadline) throw new LaunchException(new StartFailure.GameDidNotLoad(timeoutSeconds, state.path()));
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Logs in and waits until the game page shows. */
    private void login(HeadlessSession s, Tab tab, Password password, long deadline) throws LaunchException, InterruptedException {
        var username = s.target.username();
        FoundryDriver.LoginResult result;
        try {
            var user = findUser(s, tab, username, deadline);
            // Foundry would throw the browser the user is logged in with out.
            if (user.busy()) throw new LaunchException(new StartFailure.UserBusy(username));
            result = driver.login(tab, username, password, user.id());
        } finally {
            password.close(); // sent once; not needed for the rest of the launch
        }
        if (!result.outcome().equals("ok")) throw new LaunchException(refusal(username, result));
        cancelIfEnded(s);
        driver.navigate(tab, result.next());
        while (true) {
            cancelIfEnded(s);
            var state = driver.state(tab);
            switch (state.state()) {
                case "game" -> {
                    return;
                }
                case "join" -> throw new LaunchException(new StartFailure.LoginRefused(
                        StartFailure.LoginRefused.Kind.OTHER, username, null, "Foundry sent the browser back to its login page"));
                case "closed" -> throw closed(s);
                default -> blocked(state);
            }
            if (System.nanoTime() > deadline) throw new LaunchException(new StartFailure.GameDidNotLoad(timeoutSeconds, state.path()));
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * The user as the join page shows it. On the v14 form, whose user list appears only as a person types
     * (Foundry 14.366+), the name is typed into the field and the id taken from the autocomplete entry that
     * appears, or from {@code game.users} where the page has it. No id when the entries settle without the
     * user or none appear in time: the login is then posted by name and Foundry says whether it knows it.
     */
    private FoundryDriver.JoinUser findUser(HeadlessSession s, Tab tab, String username, long deadline)
            throws LaunchException, InterruptedException {
        var user = driver.findUser(tab, username);
        if (!user.byName() || !driver.typeUserName(tab, username)) return user;
        long until = Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AUTOCOMPLETE_MILLIS));
        String shown = "";
        long shownSince = System.nanoTime();
        while (true) {
            cancelIfEnded(s);
            Thread.sleep(AUTOCOMPLETE_POLL_MILLIS);
            user = driver.findUser(tab, username);
            long now = System.nanoTime();
            if (user.id() != null || now > until) return user;
            if (!user.shown().equals(shown)) {
                shown = user.shown();
                shownSince = now;
            } else if (!shown.isEmpty() && now - shownSince > TimeUnit.MILLISECONDS.toNanos(AUTOCOMPLETE_SETTLED_MILLIS)) {
                return user;
            }
        }
    }

    static StartFailure.LoginRefused refusal(String username, FoundryDriver.LoginResult r) {
        var said = ((r.code() == null ? "" : r.code()) + " " + (r.message() == null ? "" : r.message())).toLowerCase(Locale.ROOT);
        StartFailure.LoginRefused.Kind kind;
        if (said.contains("doesnotexist") || said.contains("does not exist") || said.contains("usernotfound")) {
            kind = StartFailure.LoginRefused.Kind.UNKNOWN_USER;
        } else if (said.contains("password")) {
            kind = StartFailure.LoginRefused.Kind.INVALID_PASSWORD;
        } else {
            kind = StartFailure.LoginRefused.Kind.OTHER;
        }
        return new StartFailure.LoginRefused(kind, username, r.code(), r.message());
    }

    /** Waits for the session's token to connect, watching that the tab stays in the game meanwhile. */
    private WorldRef awaitModule(HeadlessSession s, Tab tab, long deadline, FoundryDriver.GameInfo info)
            throws LaunchException, InterruptedException {
        int polls = 0;
        while (true) {
            cancelIfEnded(s);
            try {
                return s.module.get(500, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // not yet
            } catch (ExecutionException e) {
                throw cancelled(s);
            }
            if (++polls % 4 == 0) {
                var state = driver.state(tab);
                if (state.state().equals("closed")) throw closed(s);
                if (Set.of("join", "join-loading").contains(state.state())) {
                    throw new LaunchException(new StartFailure.LoginRefused(StartFailure.LoginRefused.Kind.OTHER,
                            s.target.username(), null, "Foundry sent the browser back to its login page while the world loaded"));
                }
            }
            if (System.nanoTime() > deadline) {
                var latest = driver.gameInfo(tab);
                throw new LaunchException(new StartFailure.ModuleTimeout(timeoutSeconds, hint(s, latest.role() != null ? latest : info)));
            }
        }
    }

    private static String hint(HeadlessSession s, FoundryDriver.GameInfo info) {
        var user = s.target.username();
        if (info.role() != null && info.role() < 4) {
            return "User '" + user + "' is not a full Gamemaster (role " + info.role() + "); the module connects only for"
                    + " a Gamemaster (role 4). Use a Gamemaster user.";
        }
        if (Boolean.FALSE.equals(info.moduleActive())) {
            return "The module 'foundry-rest-api' is installed but not enabled in this world: enable it under Manage Modules.";
        }
        if (info.hasModules() && info.moduleActive() == null) {
            return "The module 'foundry-rest-api' is not installed in this world.";
        }
        return "Check that the module 'foundry-rest-api' is enabled in the world, that the world is paired to this relay"
                + " (the module's relay URL must point at this server), that '" + user + "' is a full Gamemaster, and that"
                + " no Gamemaster browser of this world is connected to the relay from another address.";
    }

    private static void cancelIfEnded(HeadlessSession s) throws LaunchException {
        if (s.isEnded()) throw cancelled(s);
    }

    private static LaunchException cancelled(HeadlessSession s) {
        var why = s.state() instanceof SessionState.Ended e ? e.reason().wire() : "ended";
        return new LaunchException(new StartFailure.Cancelled(why));
    }

    private static LaunchException closed(HeadlessSession s) {
        if (s.isEnded()) return cancelled(s);
        return new LaunchException(new StartFailure.BrowserUnavailable("the session's tab closed or crashed while starting"));
    }
}
