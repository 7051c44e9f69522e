package org.foundryrelay.session;

import java.util.Arrays;

/**
 * A Foundry password on its way to the login: kept as characters that are zeroed once the login is done,
 * never printed ({@link #toString()} hides it), never stored.
 */
final class Password implements AutoCloseable {
    private final char[] chars;

    Password(char[] chars) {
        this.chars = chars;
    }

    /** The password as a string, for the one browser call that sends it to Foundry. */
    String reveal() {
        return new String(chars);
    }

    boolean isEmpty() {
        return chars.length == 0;
    }

    @Override
    public void close() {
        Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
        return "Password[hidden]";
    }
}
