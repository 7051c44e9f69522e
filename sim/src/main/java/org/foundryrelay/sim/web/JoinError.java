package org.foundryrelay.sim.web;

/**
 * Why a {@code POST /join} was refused. {@link #code()} is the i18n key Foundry puts in its answer,
 * {@link #message()} the English text the simulator shows on the form.
 */
public enum JoinError {
    /** No world is running (Foundry sits on its setup screen). */
    NO_ACTIVE_WORLD("JOIN.ErrorNoActiveWorld", "There is no active game session. Launch a world first."),
    /** No user matches the given id or name. */
    USER_DOES_NOT_EXIST("JOIN.ErrorUserDoesNotExist", "The requested user does not exist."),
    /** The user exists but the password does not match. */
    INVALID_PASSWORD("JOIN.ErrorInvalidPassword", "The password you entered is not correct."),
    /** The body was not a join request (unknown {@code action}, unreadable body). */
    BAD_REQUEST("JOIN.ErrorBadRequest", "The join request could not be read.");

    private final String code;
    private final String message;

    JoinError(String code, String message) {
        this.code = code;
        this.message = message;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }
}
