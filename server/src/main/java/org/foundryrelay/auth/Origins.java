package org.foundryrelay.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Browser origins ({@code window.location.origin}) as pairing compares and stores them. */
final class Origins {
    private static final int MAX_LENGTH = 512;

    private Origins() {}

    /**
     * The value when it is a bare http(s) origin — scheme and host (and port), no path, query, fragment or
     * user info, at most 512 characters — else null, so anything else counts as "origin unknown".
     */
    static String bare(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_LENGTH) return null;
        try {
            var uri = new URI(value);
            var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean bare = (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null && !uri.getHost().isEmpty()
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            return bare ? value : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** True unless both origins are known and differ. */
    static boolean consistent(String stored, String presented) {
        return stored == null || presented == null || stored.equals(presented);
    }
}
