package org.foundryrelay.auth;

/** The outcome of checking a presented API key. */
public sealed interface AuthResult {

    /** The key is good; the request runs as this principal. */
    record Allowed(Principal principal) implements AuthResult {}

    /** The key is refused with this HTTP status and error text. */
    record Denied(int status, String error) implements AuthResult {}
}
