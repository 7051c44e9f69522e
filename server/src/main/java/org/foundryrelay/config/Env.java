package org.foundryrelay.config;

import java.util.Locale;
import java.util.Map;

/** Typed reads of environment variables; every bad value becomes a {@link ConfigException} naming the variable. */
final class Env {
    private final Map<String, String> vars;

    Env(Map<String, String> vars) {
        this.vars = vars;
    }

    String string(String name, String fallback) {
        var value = vars.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    int integer(String name, int fallback, int min, int max) {
        var raw = string(name, null);
        if (raw == null) return fallback;
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, got '" + raw + "'");
        }
    }

    boolean bool(String name, boolean fallback) {
        var raw = string(name, null);
        if (raw == null) return fallback;
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(name + " must be true or false, got '" + raw + "'");
        };
    }
}
