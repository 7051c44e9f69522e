package org.foundryrelay.sim.dice;

/**
 * Bounds that keep a single formula from hanging a request or exhausting memory. The dice count and
 * the recursion depth are Foundry's own limits (with its messages); the others exist only in the
 * simulator, where formulas arrive from the network.
 */
final class Limits {
    /** Foundry refuses a dice term with more than 999 requested results. */
    static final int MAX_DICE_PER_TERM = 999;
    /** Largest die the simulator rolls. */
    static final int MAX_FACES = 1_000_000;
    /** Foundry aborts an explode/reroll loop once it has checked more than this many results. */
    static final int MAX_CHECKED_RESULTS = 1000;
    /** Every die rolled by one formula, explosions and rerolls included. */
    static final int MAX_RESULTS_PER_ROLL = 10_000;
    /** Longest formula accepted. */
    static final int MAX_FORMULA_LENGTH = 10_000;
    /** Deepest nesting of parentheses (the parser is recursive). */
    static final int MAX_NESTING = 64;
    /** Most modifiers one dice term may carry (each may scan every result). */
    static final int MAX_MODIFIERS_PER_TERM = 32;

    private Limits() {}
}
