package org.foundryrelay.sim.dice;

/**
 * A modifier's comparison against a target number. Foundry accepts any run of {@code <>=} characters
 * but only the five usual operators ever match; anything else ({@code ==}, {@code =<}) never matches.
 */
enum Comparison {
    EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL, NEVER;

    /** Reads a comparison as written, {@code null} or empty meaning {@code =}. */
    static Comparison parse(String text) {
        if (text == null || text.isEmpty()) return EQUAL;
        return switch (text) {
            case "=" -> EQUAL;
            case "<" -> LESS;
            case "<=" -> LESS_OR_EQUAL;
            case ">" -> GREATER;
            case ">=" -> GREATER_OR_EQUAL;
            default -> NEVER;
        };
    }

    boolean test(int value, int target) {
        return switch (this) {
            case EQUAL -> value == target;
            case LESS -> value < target;
            case LESS_OR_EQUAL -> value <= target;
            case GREATER -> value > target;
            case GREATER_OR_EQUAL -> value >= target;
            case NEVER -> false;
        };
    }
}
