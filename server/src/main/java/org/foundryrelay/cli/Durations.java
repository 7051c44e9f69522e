package org.foundryrelay.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads {@code --expires} values: a span such as {@code 30d}, {@code 12h}, {@code 90m}, or an ISO-8601 instant. */
final class Durations {
    private Durations() {}

    static Instant expiry(String value, Instant now) {
        var m = java.util.regex.Pattern.compile("(\\d{1,6})([smhdw])").matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            if (n == 0) throw new UsageException("--expires must be more than zero");
            var span = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.plus(span);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException("--expires must be like 30d, 12h, 90m, 2w or an ISO-8601 instant, got '" + value + "'");
        }
    }
}
