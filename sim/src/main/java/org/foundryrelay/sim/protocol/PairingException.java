package org.foundryrelay.sim.protocol;

import java.io.IOException;

/**
 * A pairing step the relay refused or that could not finish. Carries the HTTP status of the answer
 * that ended it (0 if there was none, e.g. on timeout) and the relay's {@code error} text or final
 * request status ({@code denied}, {@code expired}, …).
 */
public final class PairingException extends IOException {
    private final int httpStatus;
    private final String error;

    public PairingException(String step, int httpStatus, String error) {
        super(step + " failed" + (httpStatus > 0 ? ": HTTP " + httpStatus : "") + (error == null ? "" : ": " + error));
        this.httpStatus = httpStatus;
        this.error = error;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The relay's error message, or a short description of why the flow ended. */
    public String error() {
        return error;
    }
}
