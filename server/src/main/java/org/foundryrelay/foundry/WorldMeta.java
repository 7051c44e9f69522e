package org.foundryrelay.foundry;

/**
 * What a world says about itself when it connects (query parameters of {@code /relay}) and the public URL
 * taken from the browser's Origin header. Any field may be null.
 */
public record WorldMeta(
        String worldId,
        String worldTitle,
        String foundryVersion,
        String systemId,
        String systemTitle,
        String systemVersion,
        String customName,
        String publicUrl) {

    /** The Origin header if it is a bare http(s) origin of at most 512 characters, else null. */
    static String publicUrlFrom(String origin) {
        if (origin == null || origin.length() > 512) return null;
        try {
            var uri = java.net.URI.create(origin);
            var scheme = uri.getScheme();
            boolean bare = (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getQuery() == null
                    && uri.getFragment() == null && uri.getHost() != null;
            return bare && ("http".equals(scheme) || "https".equals(scheme)) ? origin : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
