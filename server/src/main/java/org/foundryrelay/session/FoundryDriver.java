package org.foundryrelay.session;

import com.microsoft.playwright.Locator;
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
    /** Typing is one browser step: short, since it holds up every other session's steps. */
    private static final double TYPE_TIMEOUT_MS = 2_000;
    /** Longer names are filled up to their last characters, which are typed key by key. */
    private static final int KEYS_TYPED = 32;

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

    /**
     * A user as the join page shows it ({@link FoundryScripts#FIND_USER}): {@code id} null when not (yet)
     * found; {@code shown} lists the autocomplete entries on the page.
     */
    record JoinUser(String form, String id, boolean busy, String shown) {
        /** The v14 form: a name field whose autocomplete shows users only while a name is typed. */
        boolean byName() {
            return "name".equals(form);
        }
    }

    /** {@code outcome} is {@code ok} (then {@code next} is the game URL) or {@code refused}. */
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

    /** Looks {@code username} up on the join page, without touching it. */
    JoinUser findUser(Tab tab, String username) throws LaunchException, InterruptedException {
        return host.call(b -> {
            try {
                var r = map(tab.page().evaluate(FoundryScripts.FIND_USER,
                        Map.of("username", username, "nameField", FoundryScripts.NAME_FIELD)));
                return new JoinUser(text(r, "form"), text(r, "id"), Boolean.TRUE.equals(r.get("busy")),
                        text(r, "shown") == null ? "" : text(r, "shown"));
            } catch (PlaywrightException e) {
                // The page navigated meanwhile: nothing found on this look.
                return new JoinUser("other", null, false, "");
            }
        });
    }

    /**
     * Types {@code username} into the v14 name field as a person would, so the page's autocomplete reacts
     * (key events and input events alike). False when the field could not be typed into.
     */
    boolean typeUserName(Tab tab, String username) throws LaunchException, InterruptedException {
        return host.call(b -> {
            try {
                var field = tab.page().locator(FoundryScripts.NAME_FIELD).first();
                int keys = Math.min(username.codePointCount(0, username.length()), KEYS_TYPED);
                int cut = username.offsetByCodePoints(username.length(), -keys);
                field.fill(username.substring(0, cut), new Locator.FillOptions().setTimeout(TYPE_TIMEOUT_MS));
                field.pressSequentially(username.substring(cut), new Locator.PressSequentiallyOptions().setTimeout(TYPE_TIMEOUT_MS));
                return true;
            } catch (PlaywrightException e) {
                return false;
            }
        });
    }

    /**
     * Posts the login from the join page for the user {@code id} (null when the page showed none); the
     * password is a script argument, never part of the source.
     */
    LoginResult login(Tab tab, String username, Password password, String id) throws LaunchException, InterruptedException {
        return host.call(b -> {
            var r = map(tab.page().evaluate(FoundryScripts.LOGIN,
                    Map.of("username", username, "password", password.reveal(), "id", id == null ? "" : id)));
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
