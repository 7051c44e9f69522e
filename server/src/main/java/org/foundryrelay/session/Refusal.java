package org.foundryrelay.session;

import java.util.Map;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.json.Json;

/**
 * The session endpoints' refusals before any browser work: {@code {"error": …, "reason": …}} with a
 * fitting status. {@code reason} is a stable word a program can branch on; {@code error} is for people.
 */
final class Refusal {
    static final String DISABLED_MESSAGE = "The operator turned headless sessions off (ALLOW_HEADLESS=false). Connect "
            + "the world from a Gamemaster's browser instead, or run a relay of your own with headless sessions enabled.";

    private Refusal() {}

    static ApiException of(int status, String reason, String error) {
        return new ApiException(status, Json.error(error).put("reason", reason));
    }

    static ApiException disabled() {
        return new ApiException(503, Json.error("Headless sessions are not available on this relay")
                .put("reason", "headless-disabled").put("message", DISABLED_MESSAGE));
    }

    static ApiException tooManyHandshakes(int max) {
        return new ApiException(429, Json.error("Too many unused handshakes for this account (" + max
                + "); use them or let them expire (5 minutes)").put("reason", "handshake-limit"), Map.of("Retry-After", "60"));
    }

    static ApiException capReached(int max) {
        return new ApiException(429, Json.error("Headless session limit reached: this relay runs at most " + max
                        + " sessions, counting those still starting. End one with DELETE /end-session or try again later.")
                .put("reason", "session-limit").put("limit", max), Map.of("Retry-After", "30"));
    }
}
