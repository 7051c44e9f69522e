package org.foundryrelay.sim.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Escaping and the page templates kept under {@code /web/} on the class path. A template marks
 * insertion points as {@code {{name}}}; every value put there must already be safe HTML, which is why
 * callers go through {@link #escape} or {@link #scriptJson}.
 */
final class Html {
    private static final Pattern SLOT = Pattern.compile("\\{\\{([a-zA-Z]+)}}");
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Html() {}

    /** Text made safe for element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) return "";
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * JSON to place inside {@code <script type="application/json">}: the characters that could end the
     * element or open a comment are written as JSON escapes, which parse back to the same value.
     */
    static String scriptJson(JsonNode node) {
        return Http.write(node).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    /** A fresh nonce for one page's Content-Security-Policy. */
    static String nonce() {
        var bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A class-path resource under {@code /web/}, read once. */
    static String resource(String name) {
        return CACHE.computeIfAbsent(name, Html::load);
    }

    /** Fills {@code {{slot}}}s of a template; an unknown slot is an error, so typos surface in tests. */
    static String render(String template, Map<String, String> values) {
        Matcher m = SLOT.matcher(resource(template));
        var out = new StringBuilder();
        while (m.find()) {
            var value = values.get(m.group(1));
            if (value == null) throw new IllegalStateException("template " + template + " has no value for " + m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String load(String name) {
        var path = "/web/" + name;
        try (var in = Html.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
