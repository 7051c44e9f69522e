package org.foundryrelay.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The proxies ({@code TRUSTED_PROXIES}: IPs and CIDR ranges, IPv4 and IPv6) whose {@code X-Forwarded-For} and
 * {@code X-Real-IP} headers name the client. Anyone else's headers are ignored: a client could otherwise pick its
 * own address and escape per-address limits or pose as another world's host.
 */
public final class TrustedProxies {
    /** Trusts nobody: every address is the TCP peer's. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Range(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) return false;
            int full = bits / 8;
            for (int i = 0; i < full; i++) if (address[i] != network[i]) return false;
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<String> entries;
    private final List<Range> ranges;

    private TrustedProxies(List<String> entries, List<Range> ranges) {
        this.entries = entries;
        this.ranges = ranges;
    }

    /**
     * Parses a comma-separated list such as {@code 127.0.0.1, 10.0.0.0/8, ::1, fd00::/8}; blank means none.
     *
     * @throws IllegalArgumentException naming the first entry that is not an IP address or CIDR range
     */
    public static TrustedProxies parse(String csv) {
        if (csv == null || csv.isBlank()) return NONE;
        var entries = new ArrayList<String>();
        var ranges = new ArrayList<Range>();
        for (var raw : csv.split(",", -1)) {
            var entry = raw.strip();
            if (entry.isEmpty()) continue;
            int slash = entry.indexOf('/');
            var network = literal(slash < 0 ? entry : entry.substring(0, slash));
            int max = network == null ? 0 : network.length * 8;
            int bits = max;
            if (network != null && slash >= 0) {
                var prefix = entry.substring(slash + 1);
                bits = prefix.matches("\\d{1,3}") ? Integer.parseInt(prefix) : -1;
            }
            if (network == null || bits < 0 || bits > max) {
                throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range");
            }
            entries.add(entry);
            ranges.add(new Range(network, bits));
        }
        return entries.isEmpty() ? NONE : new TrustedProxies(List.copyOf(entries), List.copyOf(ranges));
    }

    /** Whether nobody is trusted (the default). */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether this address (a literal, never resolved) belongs to a trusted proxy. */
    public boolean trusts(InetAddress address) {
        if (address == null || ranges.isEmpty()) return false;
        var bytes = normalised(address);
        for (var range : ranges) if (range.contains(bytes)) return true;
        return false;
    }

    /** Whether this address text is a literal IP of a trusted proxy. */
    public boolean trusts(String address) {
        var bytes = literal(address);
        if (bytes == null) return false;
        for (var range : ranges) if (range.contains(bytes)) return true;
        return false;
    }

    /**
     * The client's address when {@code peer} is a trusted proxy: the right-most {@code X-Forwarded-For} entry that is
     * not itself a trusted proxy (every entry left of it could have been written by the client), else
     * {@code X-Real-IP}. Null when the peer is not trusted or the headers name no valid address.
     *
     * @param forwardedFor every {@code X-Forwarded-For} header value, in order (each may list several)
     */
    public InetAddress client(InetAddress peer, List<String> forwardedFor, String realIp) {
        if (!trusts(peer)) return null;
        InetAddress leftmostTrusted = null;
        for (int h = forwardedFor.size() - 1; h >= 0; h--) {
            var hops = forwardedFor.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                var address = address(hops[i]);
                if (address == null) return null; // a garbled chain names nobody reliably
                if (!trusts(address)) return address;
                leftmostTrusted = address;
            }
        }
        if (leftmostTrusted != null) return leftmostTrusted; // proxies all the way: the first one is the client
        return realIp == null ? null : address(realIp);
    }

    /** The entries as given, for start-up logs. */
    @Override
    public String toString() {
        return String.join(",", entries);
    }

    // A header entry: a bare IP, [v6], [v6]:port or v4:port. Never resolved through DNS.
    private static InetAddress address(String text) {
        var s = text.strip();
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) return null;
            s = s.substring(1, end);
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':')); // v4:port
        }
        var bytes = literal(s);
        if (bytes == null) return null;
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    // The bytes of a literal IPv4 or IPv6 address, or null; IPv4-mapped IPv6 becomes IPv4.
    private static byte[] literal(String s) {
        if (s == null) return null;
        boolean v4 = IPV4.matcher(s).matches();
        if (v4) {
            for (var part : s.split("\\.")) if (Integer.parseInt(part) > 255) return null;
        } else if (!IPV6.matcher(s).matches()) {
            return null;
        }
        try {
            return normalised(InetAddress.getByName(s)); // only literals reach here, so no DNS lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] normalised(InetAddress address) {
        var bytes = address.getAddress();
        if (bytes.length == 16 && isMappedV4(bytes)) return java.util.Arrays.copyOfRange(bytes, 12, 16);
        return bytes;
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
    }
}
