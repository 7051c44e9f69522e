package org.foundryrelay.session;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.WaitUntilState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The single browser steps of a Foundry login, each short so that other sessions' steps are not held up:
 * navigation returns once the server answered (the page loads on its own), and the rest are one script
 * evaluation each. Waiting happens in {@link SessionLauncher}, between steps, off the browser thread.
 */
final class FoundryDriver {
    private static final Pattern NET_ERROR = Pattern.compile("net::(ERR_[A-Z_0-9]+)");
    private static final double NAVIGATE_TIMEOUT_MS = 20_000;

    /** A Foundry screen as {@link FoundryScripts#STATE} reports it. */
    record PageState(String state, String path, String origin, String error) {}

    /** A world on the setup screen. */
    record World(String id, String title) {
        String describe() {
            return title.isEmpty() || title.equals(id) ? id : id + " (" + title + ")";
        }
    }

    record SetupWorlds(List<World> worlds, boolean found, boolean clicked) {
        List<String> described() {
            return worlds.stream().map(World::describe).toList();
        }
    }

    /** {@code outcome} is {@code ok} (then {@code next} is the game URL), {@code busy} or {@code refused}. */
    record LoginResult(String outcome, String next, int status, String code, String message) {}

    /** {@code role} and {@code moduleActive} are null when the page does not say. */
    record GameInfo(String worldId, String worldTitle, String userName, Integer role, boolean hasModules,
                    Boolean moduleActive) {}

    private final BrowserHost host;

    FoundryDriver(BrowserHost host) {
        this.host = host;
    }

    /** Opens {@code url}; returns when the server has answered. */
    void navigate(Tab tab, String url) throws LaunchException, InterruptedException {
        String failure = host.call(b -> {
            try {
                tab.page().navigate(url, new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT)
                        .setTimeout(NAVIGATE_TIMEOUT_MS));
                return null;
            } catch (PlaywrightException e) {
                var m = NET_ERROR.matcher(String.valueOf(e.getMessage()));
                return m.find() ? m.group(1) : BrowserHost.firstLine(e.getMessage());
            }
        });
        if (failure != null) throw new LaunchException(new StartFailure.FoundryUnreachable(url, failure));
    }

    PageState state(Tab tab) throws LaunchException, InterruptedException {
        return host.call(b -> stateOf(tab));
    }

    /** Like {@link #state}, but null instead of starting Chromium when it does not run. */
    PageState peek(Tab tab) throws LaunchException, InterruptedException {
        return host.ifRunning(b -> stateOf(tab));
    }

    private static PageState stateOf(Tab tab) {
        try {
            if (tab.isClosed()) return new PageState("closed", "", "", null);
            var r = map(tab.page().evaluate(FoundryScripts.STATE));
            return new PageState(text(r, "state"), text(r, "path"), text(r, "origin"), text(r, "error"));
        } catch (PlaywrightException e) {
            // The page navigated while the script ran: ask again on the next poll.
            return new PageState(tab.isClosed() ? "closed" : "navigating", "", "", null);
        }
    }

    SetupWorlds worlds(Tab tab, String wanted, boolean click) throws LaunchException, InterruptedException {
        return host.call(b -> {
            var r = map(tab.page().evaluate(FoundryScripts.WORLDS, Map.of("wanted", wanted == null ? "" : wanted, "click", click)));
            var worlds = new ArrayList<World>();
            if (r.get("worlds") instanceof List<?> list) {
                for (var item : list) {
                    var w = map(item);
                    worlds.add(new World(text(w, "id"), text(w, "title") == null ? "" : text(w, "title")));
                }
            }
            return new SetupWorlds(worlds, Boolean.TRUE.equals(r.get("found")), Boolean.TRUE.equals(r.get("clicked")));
        });
    }

    /** Posts the login from the join page; the password is a script argument, never part of the source. */
    LoginResult login(Tab tab, String username, Password password) throws LaunchException, InterruptedException {
        return host.call(b -> {
            var r = map(tab.page().evaluate(FoundryScripts.LOGIN, Map.of("username", username, "password", password.reveal())));
            var status = r.get("status") instanceof Number n ? n.intValue() : 0;
            return new LoginResult(text(r, "outcome"), text(r, "next"), status, text(r, "code"), text(r, "message"));
        });
    }

    GameInfo gameInfo(Tab tab) throws LaunchException, InterruptedException {
        return host.call(b -> {
            try {
                var r = map(tab.page().evaluate(FoundryScripts.GAME_INFO));
                var role = r.get("role") instanceof Number n ? n.intValue() : null;
                var active = r.get("moduleActive") instanceof Boolean a ? a : null;
                return new GameInfo(text(r, "worldId"), text(r, "worldTitle"), text(r, "userName"), role,
                        Boolean.TRUE.equals(r.get("modules")), active);
            } catch (PlaywrightException e) {
                return new GameInfo(null, null, null, null, false, null);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String text(Map<String, Object> map, String key) {
        return map.get(key) instanceof String s ? s : null;
    }
}
