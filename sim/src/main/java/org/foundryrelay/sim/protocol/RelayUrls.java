package org.foundryrelay.sim.protocol;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.StringJoiner;

/** Builds the URLs the module uses from a configured relay address. */
public final class RelayUrls {

    private RelayUrls() {}

    /**
     * The {@code /relay} WebSocket URI for a world: {@code <base>/relay?id=…&worldId=…}. Like the
     * module, a configured URL may or may not already end in {@code /relay}; http(s) is accepted and
     * turned into ws(s).
     */
    public static URI relayUri(String relayUrl, String clientId, WorldInfo info) {
        if (clientId == null || clientId.isEmpty()) throw new IllegalArgumentException("clientId is required");
        return URI.create(webSocketBase(relayUrl) + "/relay?" + query(clientId, info));
    }

    /**
     * The query string in the module's order: {@code id, worldId, worldTitle, foundryVersion,
     * systemId, systemTitle, systemVersion, customName}. Null values are left out, and so is an empty
     * {@code customName} (the module only sends it when set). Values are form-encoded the way a
     * browser's {@code URLSearchParams} does (space as {@code +}).
     */
    public static String query(String clientId, WorldInfo info) {
        var q = new StringJoiner("&");
        add(q, "id", clientId);
        if (info != null) {
            add(q, "worldId", info.worldId());
            add(q, "worldTitle", info.worldTitle());
            add(q, "foundryVersion", info.foundryVersion());
            add(q, "systemId", info.systemId());
            add(q, "systemTitle", info.systemTitle());
            add(q, "systemVersion", info.systemVersion());
            if (info.customName() != null && !info.customName().isEmpty()) add(q, "customName", info.customName());
        }
        return q.toString();
    }

    /** {@code ws(s)://host[:port][/prefix]} without a trailing {@code /relay} or slash. */
    public static String webSocketBase(String relayUrl) {
        String base = stripRelayPath(relayUrl);
        return switch (scheme(base)) {
            case "ws", "wss" -> base;
            case "http" -> "ws" + base.substring(4);
            case "https" -> "wss" + base.substring(5);
            default -> throw new IllegalArgumentException("relay URL must be ws, wss, http or https: " + relayUrl);
        };
    }

    /** The relay's HTTP base ({@code http(s)://host[:port][/prefix]}) for the pairing endpoints. */
    public static URI httpBase(String relayUrl) {
        String ws = webSocketBase(relayUrl);
        return URI.create(ws.startsWith("wss") ? "https" + ws.substring(3) : "http" + ws.substring(2));
    }

    private static String stripRelayPath(String url) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("relay URL is empty");
        String s = url.trim();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        if (s.endsWith("/relay")) s = s.substring(0, s.length() - "/relay".length());
        URI parsed = URI.create(s);
        if (parsed.getHost() == null) throw new IllegalArgumentException("relay URL has no host: " + url);
        return s;
    }

    private static String scheme(String url) {
        int colon = url.indexOf(':');
        return colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    private static void add(StringJoiner q, String name, String value) {
        if (value != null) q.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
