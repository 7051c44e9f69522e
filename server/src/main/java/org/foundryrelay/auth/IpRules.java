package org.foundryrelay.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/** Matches an address against IP and CIDR rules such as {@code 203.0.113.7} or {@code 10.0.0.0/8}. */
public final class IpRules {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private IpRules() {}

    /** True when {@code rules} is empty or one of them matches {@code address}. */
    public static boolean allows(List<String> rules, String address) {
        if (rules.isEmpty()) return true;
        for (var rule : rules) {
            if (matches(rule, address)) return true;
        }
        return false;
    }

    /**
     * Parses a comma-separated list of rules.
     *
     * @return the rules, trimmed, in order
     * @throws IllegalArgumentException naming the first invalid entry
     */
    public static List<String> parseList(String csv) {
        var entries = new java.util.ArrayList<String>();
        for (var raw : csv.split(",", -1)) {
            var entry = raw.trim();
            if (!valid(entry)) {
                throw new IllegalArgumentException("Invalid allowedIps: '" + entry + "' is not an IP address or CIDR range");
            }
            entries.add(entry);
        }
        return List.copyOf(entries);
    }

    /** Whether one rule is a literal IP address or CIDR range (checked strictly, so nothing ever reaches DNS). */
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

    private record Cidr(byte[] network, int bits) {}

    private static Cidr parse(String rule) {
        if (!valid(rule.trim())) throw new IllegalArgumentException("not an IP rule: " + rule);
        var parts = rule.trim().split("/", 2);
        var network = literal(parts[0]);
        int max = network.length * 8;
        int bits = max;
        if (parts.length == 2) {
            try {
                bits = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in " + rule);
            }
            if (bits < 0 || bits > max) throw new IllegalArgumentException("bad prefix length in " + rule);
        }
        return new Cidr(network, bits);
    }

    private static boolean matches(String rule, String address) {
        try {
            var cidr = parse(rule);
            var addr = literal(address);
            if (addr.length != cidr.network.length) return false;
            int full = cidr.bits / 8;
            for (int i = 0; i < full; i++) if (addr[i] != cidr.network[i]) return false;
            int rest = cidr.bits % 8;
            if (rest == 0) return true;
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (addr[full] & mask) == (cidr.network[full] & mask);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // Only literal addresses: a rule must never trigger a DNS lookup.
    private static byte[] literal(String s) {
        var t = s.trim();
        if (!isIpv4(t) && !isIpv6(t)) throw new IllegalArgumentException("not an IP address: " + s);
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + s);
        }
    }
}
