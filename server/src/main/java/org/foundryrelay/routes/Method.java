package org.foundryrelay.routes;

/** The HTTP methods a route row can be served under. */
public enum Method {
    GET, POST, PUT, DELETE;

    /** True for methods that only read (no body is read, nothing changes in the world). */
    public boolean isRead() {
        return this == GET;
    }
}
