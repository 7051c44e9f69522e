package org.foundryrelay.sim.dice;

/**
 * One face shown by one die. {@code active} is false for dice that were dropped, rerolled away or
 * otherwise discarded; the flags mirror Foundry's result flags.
 *
 * <ul>
 *   <li>{@code exploded}: this result triggered an extra die ({@code x}, {@code xo}); the extra die is
 *       appended to the term's results.</li>
 *   <li>{@code rerolled}: this result was replaced by a reroll ({@code r}, {@code rr}) and is then
 *       inactive; Foundry also sets it, on a still active result, when {@code min}/{@code max} changed
 *       the value the result counts for.</li>
 *   <li>{@code success} / {@code failure}: set by the counting modifiers ({@code cs}, {@code cf},
 *       {@code even}, {@code odd}, {@code df}, {@code sf}).</li>
 *   <li>{@code count}: Foundry's {@code result.count}, the value this result adds to its term instead of
 *       {@code result} when set: 1/0 under {@code cs}/{@code cf}, the bound under {@code min}/{@code max},
 *       -1 or the negative face under {@code df}/{@code sf}. {@code null} when unset. {@code result}
 *       always keeps the face actually rolled, as Foundry reports it.</li>
 * </ul>
 */
public record DieResult(int result, boolean active, boolean exploded, boolean rerolled, boolean success,
                        boolean failure, Integer count) {

    /** A result without a {@code count}, as most results are. */
    public DieResult(int result, boolean active, boolean exploded, boolean rerolled, boolean success, boolean failure) {
        this(result, active, exploded, rerolled, success, failure, null);
    }

    public static DieResult of(int result) {
        return new DieResult(result, true, false, false, false, false);
    }

    /** What this result adds to its term's total while active: {@code count} when set, else the face. */
    public int value() {
        return count != null ? count : result;
    }
}
