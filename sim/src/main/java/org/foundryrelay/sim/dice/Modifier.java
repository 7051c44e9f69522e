package org.foundryrelay.sim.dice;

/**
 * One dice modifier, read from the text after a die's faces. {@link #text()} is the modifier as
 * Foundry records it on the term once applied (lower case; a command split out of an unknown
 * compound keeps only its letters).
 */
sealed interface Modifier {

    String text();

    /** {@code k}/{@code kh}/{@code kl} (keep) and {@code d}/{@code dl}/{@code dh} (drop) the {@code count} highest or lowest active results. */
    record KeepOrDrop(String text, boolean keep, boolean highest, int count) implements Modifier {}

    /** {@code r} (each initial result at most once) and {@code rr} (until no result matches); {@code limit} caps the rerolls. */
    record Reroll(String text, Integer limit, Comparison comparison, int target, boolean recursive) implements Modifier {}

    /** {@code x} (new dice may explode again) and {@code xo} (initial results only); {@code target} null means the faces. */
    record Explode(String text, Integer limit, Comparison comparison, Integer target, boolean recursive) implements Modifier {}

    /** {@code minN} / {@code maxN}: a result beyond the bound counts as the bound. */
    record Clamp(String text, boolean minimum, int bound) implements Modifier {}

    /** {@code cs} / {@code cf}: each result counts 1 if it matches, else 0; {@code target} null means faces (cs) or 1 (cf). */
    record Count(String text, boolean successes, Comparison comparison, Integer target) implements Modifier {}

    /** {@code even} / {@code odd}: count results of that parity as successes. */
    record CountParity(String text, boolean even) implements Modifier {}

    /**
     * {@code df} (a failure counts -1) / {@code sf} (a failure counts minus its face). Failures are the
     * results matching the comparison, or without one the results already marked as non-successes.
     */
    record Deduct(String text, boolean subtractFace, Comparison comparison, int target) implements Modifier {}

    /** {@code ms}: the term's total becomes {@code total - target} ({@code >}, {@code >=}, {@code =}) or {@code target - total} ({@code <}, {@code <=}). */
    record Margin(String text, Boolean success, int target) implements Modifier {}
}
