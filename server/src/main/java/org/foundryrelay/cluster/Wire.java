package org.foundryrelay.cluster;

/**
 * The compact form of the messages relays send each other most often (calls, replies, presence changes): a
 * kind, a fixed number of fields and a body, one per line. Fields are escaped ({@code \\} and newline), so a
 * client id may hold any character; the body (a payload or a world's answer) is carried as it is and never
 * parsed on the way. Messages that start with <code>{</code> are the older form, a JSON header line then the
 * rest, still used for the rarer kinds.
 */
final class Wire {
    private Wire() {}

    /** {@code kind}, then each field on its own line, then {@code body} (may be empty). */
    static String write(String kind, String body, String... fields) {
        var sb = new StringBuilder(kind.length() + body.length() + 16 * fields.length + 8).append(kind).append('\n');
        for (var f : fields) escape(sb, f).append('\n');
        return sb.append(body).toString();
    }

    /**
     * Reads a message of {@code fields} fields after its kind (already known from {@link #kind}).
     *
     * @return the fields, then the body as the last element
     * @throws IllegalArgumentException when the message has fewer lines
     */
    static String[] read(String message, int fields) {
        var out = new String[fields + 1];
        int at = message.indexOf('\n') + 1;
        if (at == 0) throw new IllegalArgumentException("no fields");
        for (int i = 0; i < fields; i++) {
            int end = message.indexOf('\n', at);
            if (end < 0) throw new IllegalArgumentException("expected " + fields + " fields, found " + i);
            out[i] = unescape(message, at, end);
            at = end + 1;
        }
        out[fields] = message.substring(at);
        return out;
    }

    /** The message's kind: its first line. */
    static String kind(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static StringBuilder escape(StringBuilder sb, String field) {
        if (field.indexOf('\n') < 0 && field.indexOf('\\') < 0) return sb.append(field);
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\') sb.append("\\\\");
            else if (c == '\n') sb.append("\\n");
            else sb.append(c);
        }
        return sb;
    }

    private static String unescape(String s, int from, int to) {
        int slash = s.indexOf('\\', from);
        if (slash < 0 || slash >= to) return s.substring(from, to);
        var sb = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < to) {
                char n = s.charAt(++i);
                sb.append(n == 'n' ? '\n' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
