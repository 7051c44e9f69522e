package org.foundryrelay.bench.http;

/** A response that is not well-formed HTTP/1.1. */
public final class HttpParseException extends RuntimeException {
    public HttpParseException(String message) {
        super(message);
    }
}
