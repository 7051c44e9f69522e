package org.foundryrelay.cli;

/** A command line the relay cannot act on (a bad value, an unknown name): one line on stderr, exit code 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
