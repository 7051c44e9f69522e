package org.foundryrelay.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Matches an address against IP and CIDR rules such as {@code 203.0.113.7} or {@code 10.0.0.0/8}. */
public final class IpRules {
    private IpRules() {}

    /** True when {@code rules} is empty or one of them matches {@code address}. */
    public static boolean allows(List<String> rules, String address) {
        if (rules.isEmpty()) return true;
        for (var rule : rules) {
            if (matches(rule, address)) return true;
        }
        return false;
    }

    /** Checks the syntax of one rule. */
    public static boolean isValid(String rule) {
        try {
            parse(rule);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private record Cidr(byte[] network, int bits) {}

    private static Cidr parse(String rule) {
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
        if (t.isEmpty() || !t.matches("[0-9a-fA-F:.]+")) throw new IllegalArgumentException("not an IP address: " + s);
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + s);
        }
    }
}
