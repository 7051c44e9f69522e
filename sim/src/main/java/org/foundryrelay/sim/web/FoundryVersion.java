package org.foundryrelay.sim.web;

import java.util.Objects;

/**
 * The Foundry release a {@link FoundryFront} imitates: its major version decides the shape of the
 * {@code /join} form and of the setup page, its build string is what {@code /api/status} and the game
 * page's module report.
 *
 * @param major 11 to 14
 * @param build the full version, e.g. {@code 13.348}; must start with {@code major.}
 */
public record FoundryVersion(int major, String build) {

    /** How the {@code /join} page asks for the user. */
    public enum JoinStyle {
        /** v11 to v13 (and v14 up to 14.365): {@code select[name=userid]} with one option per user id. */
        USER_SELECT,
        /**
         * v14 from 14.366 on: a text field {@code #join-username} ({@code name=username}), no user list (with
         * {@link JoinRules#STRICT} users show only as autocomplete entries while a name is typed).
         */
        USERNAME_FIELD
    }

    public FoundryVersion {
        if (major < 11 || major > 14) throw new IllegalArgumentException("Foundry major version must be 11 to 14: " + major);
        Objects.requireNonNull(build, "build");
        if (!build.startsWith(major + ".")) {
            throw new IllegalArgumentException("build " + build + " does not belong to major version " + major);
        }
    }

    /**
     * A major version with a representative build: 11.315, 12.331, 13.348 (the bundled world fixture's
     * version) or 14.368 (after the v14 join-form change).
     */
    public static FoundryVersion of(int major) {
        return switch (major) {
            case 11 -> new FoundryVersion(11, "11.315");
            case 12 -> new FoundryVersion(12, "12.331");
            case 13 -> new FoundryVersion(13, "13.348");
            case 14 -> new FoundryVersion(14, "14.368");
            default -> throw new IllegalArgumentException("Foundry major version must be 11 to 14: " + major);
        };
    }

    public JoinStyle joinStyle() {
        return major >= 14 ? JoinStyle.USERNAME_FIELD : JoinStyle.USER_SELECT;
    }

    /** v14 renders the setup screen's world list with JavaScript after the page has loaded. */
    boolean rendersWorldListLate() {
        return major >= 14;
    }

    /** v11 names the join form {@code join-game}; later versions {@code join-game-form}. */
    String joinFormId() {
        return major <= 11 ? "join-game" : "join-game-form";
    }
}
