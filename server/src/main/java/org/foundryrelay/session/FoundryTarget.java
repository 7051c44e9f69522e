package org.foundryrelay.session;

import java.net.URI;
import java.util.Locale;

/**
 * The Foundry server, user and (optionally) world a session logs into.
 *
 * @param url       the Foundry URL as checked by {@link FoundryUrlPolicy} (no fragment, no credentials)
 * @param username  the Foundry user's name
 * @param worldName a world id or title to launch from the setup screen and to insist on, or null for
 *                  whatever world is running
 */
record FoundryTarget(URI url, String username, String worldName) {

    /**
     * {@code scheme://host[:port]} as a browser writes {@code location.origin} (no default port): the only
     * origin the session's connection token is put into.
     */
    String origin() {
        var scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    FoundryTarget withWorld(String world) {
        return new FoundryTarget(url, username, world);
    }

    /** Whether a world with this id or title is the one asked for (any world when none was named). */
    boolean wants(String worldId, String worldTitle) {
        if (worldName == null) return true;
        return worldName.equalsIgnoreCase(worldId == null ? "" : worldId)
                || worldName.equalsIgnoreCase(worldTitle == null ? "" : worldTitle);
    }

    /** Launches for the same key join each other: same account, Foundry, user (any case) and world. */
    String launchKey(String accountId) {
        var path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return accountId + "\n" + origin() + path + "\n" + username.toLowerCase(Locale.ROOT) + "\n"
                + (worldName == null ? "" : worldName.toLowerCase(Locale.ROOT));
    }
}
