package org.foundryrelay.http;

/** The relay cannot listen where it was told to: the port is taken, or the host is not this machine's. */
public final class ListenException extends RuntimeException {
    ListenException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Explains a failed start of the server listening on {@code host:port}. */
    public static ListenException explain(String host, int port, Throwable failure) {
        var where = "cannot listen on HOST=" + host + " PORT=" + port + ": ";
        for (var t = failure; t != null; t = t.getCause()) {
            var message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return new ListenException(where + "the host name does not resolve", failure);
            }
            if (t instanceof java.net.BindException) {
                if (message.contains("already in use")) return new ListenException(where + "the port is already in use", failure);
                if (message.contains("assign requested address")) {
                    return new ListenException(where + "the host is not an address of this machine", failure);
                }
                if (message.contains("Permission denied")) {
                    return new ListenException(where + "permission denied (ports below 1024 need privileges)", failure);
                }
                return new ListenException(where + message, failure);
            }
        }
        return new ListenException(where + (failure.getMessage() == null ? failure.toString() : failure.getMessage()), failure);
    }
}
