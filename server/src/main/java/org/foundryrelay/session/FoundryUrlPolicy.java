package org.foundryrelay.session;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which Foundry URLs a headless session may open. Only absolute http and https URLs without credentials;
 * the host is resolved and every address it resolves to is checked: link-local (169.254.0.0/16,
 * fe80::/10) and cloud-metadata addresses are always refused, loopback and private networks are allowed
 * (Foundry often runs next to the relay). When an allow-list is configured, only its hosts (or
 * host:port pairs) pass, and the always-refused addresses stay refused.
 */
final class FoundryUrlPolicy {
    private static final int MAX_LENGTH = 2048;
    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.com", "metadata.tencentyun.com");
    private static final Set<String> METADATA_ADDRESSES = Set.of("169.254.169.254", "169.254.170.2", "100.100.100.200",
            "fd00:ec2:0:0:0:0:0:254");

    /** Resolves host names; replaced in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private record Allowed(String host, int port) {}

    private final List<Allowed> allowlist;
    private final Resolver resolver;

    FoundryUrlPolicy(List<String> allowlist, Resolver resolver) {
        this.allowlist = allowlist.stream().map(FoundryUrlPolicy::allowed).toList();
        this.resolver = resolver;
    }

    FoundryUrlPolicy(List<String> allowlist) {
        this(allowlist, InetAddress::getAllByName);
    }

    /**
     * The URL to open, without its fragment.
     *
     * @throws Refusal {@code URL_INVALID} for a malformed URL or an unknown host, {@code URL_REFUSED} for a refused one
     */
    URI check(String raw) {
        if (raw.length() > MAX_LENGTH) throw malformed("it is longer than " + MAX_LENGTH + " characters");
        URI uri;
        try {
            uri = new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw malformed("it is not a valid URL");
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw malformed("only http and https URLs are allowed");
        if (uri.getRawUserInfo() != null) throw malformed("it must not carry a user name or password");
        var host = uri.getHost();
        if (host == null || host.isEmpty()) throw malformed("it has no host");
        var bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        bare = bare.toLowerCase(Locale.ROOT);
        if (bare.endsWith(".")) bare = bare.substring(0, bare.length() - 1);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (METADATA_HOSTS.contains(bare)) throw refused("cloud metadata hosts are never allowed");
        if (!allowlist.isEmpty() && !listed(bare, port)) {
            throw refused("its host is not in this relay's FOUNDRY_URL_ALLOWLIST");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new Refusal(Refusal.Reason.URL_INVALID, "x-foundry-url: cannot resolve the host '" + bare + "'");
        }
        for (var address : addresses) {
            if (address.isLinkLocalAddress() || METADATA_ADDRESSES.contains(address.getHostAddress().toLowerCase(Locale.ROOT))
                    || address.isAnyLocalAddress() || address.isMulticastAddress() || isMappedLinkLocal(address)) {
                throw refused("it resolves to a link-local or cloud-metadata address, which is never allowed");
            }
        }
        try {
            return new URI(uri.getScheme().toLowerCase(Locale.ROOT), null, uri.getHost(), uri.getPort(), uri.getPath(),
                    uri.getQuery(), null);
        } catch (URISyntaxException e) {
            throw malformed("it is not a valid URL");
        }
    }

    private boolean listed(String host, int port) {
        return allowlist.stream().anyMatch(a -> a.host().equals(host) && (a.port() == -1 || a.port() == port));
    }

    // ::ffff:169.254.x.y written as IPv6 stays an Inet6Address on some paths; treat it like the IPv4 address.
    private static boolean isMappedLinkLocal(InetAddress address) {
        if (!(address instanceof Inet6Address)) return false;
        var b = address.getAddress();
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff && (b[12] & 0xff) == 169 && (b[13] & 0xff) == 254;
    }

    /** {@code host}, {@code host:port}, {@code [v6]:port} or a URL; a URL's port counts only when written. */
    private static Allowed allowed(String entry) {
        var e = entry.strip().toLowerCase(Locale.ROOT);
        if (e.contains("://")) {
            var uri = URI.create(e);
            return new Allowed(strip(uri.getHost()), uri.getPort());
        }
        if (e.startsWith("[")) {
            int close = e.indexOf(']');
            var port = close + 1 < e.length() && e.charAt(close + 1) == ':' ? Integer.parseInt(e.substring(close + 2)) : -1;
            return new Allowed(e.substring(1, close), port);
        }
        int colon = e.indexOf(':');
        if (colon > 0 && e.indexOf(':', colon + 1) == -1) {
            return new Allowed(e.substring(0, colon), Integer.parseInt(e.substring(colon + 1)));
        }
        return new Allowed(e, -1);
    }

    private static String strip(String host) {
        return host != null && host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static Refusal malformed(String why) {
        return new Refusal(Refusal.Reason.URL_INVALID, "x-foundry-url is not usable: " + why);
    }

    private static Refusal refused(String why) {
        return new Refusal(Refusal.Reason.URL_REFUSED, "x-foundry-url is not allowed: " + why);
    }
}
