package org.foundryrelay.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.foundryrelay.json.Json;

/**
 * Why starting a session failed once the browser was involved. Each kind has the {@code reason} word and
 * a message that says what to do about it.
 */
sealed interface StartFailure {
    String reason();

    String message();

    /** Kind-specific fields added to the error body. */
    default void details(ObjectNode body) {}

    default ObjectNode body() {
        var body = Json.error(message()).put("reason", reason());
        details(body);
        return body;
    }

    /** Nothing answers at the Foundry URL (refused, timed out, DNS, TLS). */
    record FoundryUnreachable(String url, String detail) implements StartFailure {
        public String reason() { return "foundry-unreachable"; }
        public String message() {
            return "Cannot reach Foundry at " + url + " (" + detail + "). Check the URL and that the Foundry server runs"
                    + " and is reachable from the relay's machine.";
        }
    }

    /** Something answers, but it does not behave like Foundry (no setup, join or game page appears). */
    record NotFoundry(String url, String detail) implements StartFailure {
        public String reason() { return "not-foundry"; }
        public String message() { return "The page at " + url + " does not look like Foundry VTT: " + detail; }
    }

    /** Foundry shows a screen a headless login cannot pass (licence, administrator password, v14 players setup). */
    record SetupBlocked(String screen) implements StartFailure {
        public String reason() { return "setup-blocked"; }
        public String message() {
            return "Foundry shows its " + screen + " screen, which a headless session cannot pass. Open Foundry in a"
                    + " browser once, deal with that screen, and launch the world (then leave out x-world-name).";
        }
    }

    /** Foundry is on its setup screen and the handshake named no world. */
    record NoWorldRunning(List<String> installed) implements StartFailure {
        public String reason() { return "no-world-running"; }
        public String message() {
            return "No world is running on this Foundry server. Name one with the x-world-name header of"
                    + " /session-handshake to launch it" + listing(installed);
        }
    }

    /** The named world is not on the setup screen. */
    record WorldNotFound(String world, List<String> installed) implements StartFailure {
        public String reason() { return "world-not-found"; }
        public String message() { return "World '" + world + "' is not installed on this Foundry server" + listing(installed); }
    }

    /** Foundry refused to launch the named world. */
    record WorldLaunchFailed(String world, String foundryMessage) implements StartFailure {
        public String reason() { return "world-launch-failed"; }
        public String message() { return "Foundry did not launch world '" + world + "': " + foundryMessage; }
    }

    /** Another world runs (or was launched) than the one named. */
    record OtherWorldRunning(String wanted, String running, String detail) implements StartFailure {
        public String reason() { return "other-world-running"; }
        public String message() {
            return "Foundry runs world '" + running + "', not '" + wanted + "'" + (detail == null ? "" : " (" + detail + ")")
                    + ". Return Foundry to its setup screen first, or leave out x-world-name to use the running world.";
        }
    }

    /** Foundry refused the login; {@code kind} tells wrong password from unknown user. */
    record LoginRefused(Kind kind, String username, String foundryError, String foundryMessage) implements StartFailure {
        enum Kind { INVALID_PASSWORD, UNKNOWN_USER, OTHER }

        public String reason() {
            return switch (kind) {
                case INVALID_PASSWORD -> "invalid-password";
                case UNKNOWN_USER -> "unknown-user";
                case OTHER -> "login-refused";
            };
        }

        public String message() {
            var said = foundryMessage != null ? foundryMessage : foundryError != null ? foundryError : "no reason given";
            return "Foundry refused the login of '" + username + "': " + said;
        }

        @Override
        public void details(ObjectNode body) {
            if (foundryError != null) body.put("foundryError", foundryError);
            if (foundryMessage != null) body.put("foundryMessage", foundryMessage);
        }
    }

    /** The user is logged in elsewhere; logging in again would throw that browser out. */
    record UserBusy(String username) implements StartFailure {
        public String reason() { return "user-already-logged-in"; }
        public String message() {
            return "User '" + username + "' is already logged in to this world from another browser. Log that browser out"
                    + " (or use another Gamemaster user); a headless login would throw it out.";
        }
    }

    /** Logged in, but the game page never finished loading. */
    record GameDidNotLoad(int seconds, String where) implements StartFailure {
        public String reason() { return "game-timeout"; }
        public String message() { return "Foundry's game page did not load within " + seconds + " s (last page: " + where + ")."; }
    }

    /** The game loaded but the world's REST API module never connected with the session's token. */
    record ModuleTimeout(int seconds, String hint) implements StartFailure {
        public String reason() { return "module-timeout"; }
        public String message() {
            return "The world's Foundry REST API module did not connect to this relay within " + seconds + " s. " + hint;
        }
    }

    /** Chromium is missing or would not start. */
    record BrowserUnavailable(String detail) implements StartFailure {
        public String reason() { return "browser-unavailable"; }
        public String message() { return "The relay's headless browser is not available: " + detail; }
    }

    /** The session was ended (or the relay stopped) while it was starting. */
    record Cancelled(String why) implements StartFailure {
        public String reason() { return "session-ended"; }
        public String message() { return "The session was ended before it finished starting (" + why + ")."; }
    }

    private static String listing(List<String> installed) {
        return installed.isEmpty() ? "." : ". Installed worlds: " + String.join(", ", installed) + ".";
    }
}
