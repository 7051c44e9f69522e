package org.foundryrelay.routes;

import java.util.ArrayList;
import java.util.List;

/**
 * One parameter of a route: where it is read from, its type, whether it is required, and the other names
 * it is accepted (and forwarded) under.
 *
 * @param aliases other spellings clients use; the value is read under any of them and forwarded under all
 */
public record Param(String name, Source source, Type type, boolean required, List<String> aliases, String description) {

    /** Where a value is read from; with two sources, the first that has a value wins. */
    public enum Source {
        QUERY, BODY, QUERY_THEN_BODY, BODY_THEN_QUERY,
        /** A {@code {name}} segment of the route's path. */
        PATH;

        /** True when the value may come from the query string. */
        public boolean query() {
            return this == QUERY || this == QUERY_THEN_BODY || this == BODY_THEN_QUERY;
        }

        /** True when the value may come from the JSON body. */
        public boolean body() {
            return this == BODY || this == QUERY_THEN_BODY || this == BODY_THEN_QUERY;
        }
    }

    /** The JSON type a value is coerced to before it is forwarded. */
    public enum Type { STRING, NUMBER, BOOLEAN, ARRAY, OBJECT, ANY }

    public Param {
        aliases = List.copyOf(aliases);
    }

    public static Param optional(String name, Source source, Type type, String description) {
        return new Param(name, source, type, false, List.of(), description);
    }

    public static Param required(String name, Source source, Type type, String description) {
        return new Param(name, source, type, true, List.of(), description);
    }

    /** A required {@code {name}} path segment. */
    public static Param path(String name, String description) {
        return new Param(name, Source.PATH, Type.STRING, true, List.of(), description);
    }

    public Param alias(String... names) {
        return new Param(name, source, type, required, List.of(names), description);
    }

    /** The same parameter described for one row's use of it. */
    public Param withDescription(String text) {
        return new Param(name, source, type, required, aliases, text);
    }

    /** Every name the value may come under, the main name first. */
    public List<String> names() {
        if (aliases.isEmpty()) return List.of(name);
        var all = new ArrayList<String>(aliases.size() + 1);
        all.add(name);
        all.addAll(aliases);
        return all;
    }
}
