package org.foundryrelay.cli;

/** A command line the relay cannot act on; printed with the command's usage, exit code 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
