package org.foundryrelay.store;

/** A store operation that failed for reasons the caller cannot fix (I/O, a lost connection). */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
