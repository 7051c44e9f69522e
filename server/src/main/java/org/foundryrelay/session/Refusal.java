package org.foundryrelay.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.foundryrelay.json.Json;

/**
 * A session call refused before any browser work (or cut short without a {@link StartFailure}): a
 * {@link Reason} and a message for people, plus any fields that help. The endpoints choose the status.
 */
final class Refusal extends RuntimeException {
    static final String DISABLED_MESSAGE = "The operator turned headless sessions off (ALLOW_HEADLESS=false). Connect "
            + "the world from a Gamemaster's browser instead, or run a relay of your own with headless sessions enabled.";

    /** Why; its {@link #wire()} form is the {@code reason} word a program can branch on. */
    enum Reason {
        HEADLESS_DISABLED, MISSING_HEADERS, MISSING_FIELDS, TOO_LONG, BAD_CAPTURE_LEVEL, URL_INVALID, URL_REFUSED,
        HANDSHAKE_LIMIT, HANDSHAKE_UNKNOWN, HANDSHAKE_USED, HANDSHAKE_EXPIRED, DECRYPT_FAILED, NONCE_MISMATCH,
        SESSION_LIMIT, LAUNCH_TIMEOUT, INTERRUPTED, INTERNAL_ERROR;

        String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;
    private final transient ObjectNode body;

    private Refusal(Reason reason, ObjectNode body) {
        super(reason.wire(), null, false, false);
        this.reason = reason;
        this.body = body;
    }

    Refusal(Reason reason, String error) {
        this(reason, Json.error(error).put("reason", reason.wire()));
    }

    static Refusal disabled() {
        return new Refusal(Reason.HEADLESS_DISABLED, Json.error("Headless sessions are not available on this relay")
                .put("reason", Reason.HEADLESS_DISABLED.wire()).put("message", DISABLED_MESSAGE));
    }

    static Refusal tooManyHandshakes(int max) {
        return new Refusal(Reason.HANDSHAKE_LIMIT, "Too many unused handshakes for this account (" + max
                + "); use them or let them expire (5 minutes)");
    }

    static Refusal capReached(int max) {
        var refusal = new Refusal(Reason.SESSION_LIMIT, "Headless session limit reached: this relay runs at most " + max
                + " sessions, counting those still starting. End one with DELETE /end-session or try again later.");
        refusal.body.put("limit", max);
        return refusal;
    }

    Reason reason() {
        return reason;
    }

    /** {@code {"error": …, "reason": …}} and any further fields. */
    ObjectNode body() {
        return body;
    }
}
