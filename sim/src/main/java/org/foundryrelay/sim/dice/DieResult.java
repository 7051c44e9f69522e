package org.foundryrelay.sim.dice;

/**
 * One face shown by one die. {@code active} is false for dice that were dropped, rerolled away or
 * otherwise discarded; the flags mirror Foundry's result flags.
 */
public record DieResult(int result, boolean active, boolean exploded, boolean rerolled, boolean success, boolean failure) {
    public static DieResult of(int result) {
        return new DieResult(result, true, false, false, false, false);
    }
}
