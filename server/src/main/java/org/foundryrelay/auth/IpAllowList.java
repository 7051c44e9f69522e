package org.foundryrelay.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks the entries of a connection token's IP allow-list: IPv4 or IPv6 addresses, optionally as CIDR
 * ranges ({@code 203.0.113.0/24}, {@code 2001:db8::/32}). Only literals are accepted, so checking never
 * triggers a DNS lookup.
 */
public final class IpAllowList {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAllowList() {}

    /**
     * Parses a comma-separated list.
     *
     * @return the entries, trimmed, in order
     * @throws IllegalArgumentException naming the first invalid entry
     */
    public static List<String> parse(String csv) {
        var entries = new ArrayList<String>();
        for (var raw : csv.split(",", -1)) {
            var entry = raw.trim();
            if (!valid(entry)) throw new IllegalArgumentException("Invalid allowedIps: '" + entry + "' is not an IP address or CIDR range");
            entries.add(entry);
        }
        return List.copyOf(entries);
    }

    /** Whether one entry is an IP address or CIDR range. */
    public static boolean valid(String entry) {
        int slash = entry.indexOf('/');
        var address = slash < 0 ? entry : entry.substring(0, slash);
        int bits;
        if (isIpv4(address)) bits = 32;
        else if (isIpv6(address)) bits = 128;
        else return false;
        if (slash < 0) return true;
        var prefix = entry.substring(slash + 1);
        if (!prefix.matches("\\d{1,3}")) return false;
        return Integer.parseInt(prefix) <= bits;
    }

    private static boolean isIpv4(String s) {
        var m = IPV4.matcher(s);
        if (!m.matches()) return false;
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) return false;
        }
        return true;
    }

    // A string of hex digits, colons and dots containing a colon is parsed as an IPv6 literal, never resolved.
    private static boolean isIpv6(String s) {
        if (!s.contains(":") || !IPV6_CHARS.matcher(s).matches()) return false;
        try {
            return InetAddress.getByName(s).getAddress().length == 16 || s.startsWith("::ffff:");
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
