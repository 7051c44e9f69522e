package org.foundryrelay.sim.dice;

import java.util.List;

/**
 * An evaluated roll. {@code topLevelDice} are the dice terms standing at the top level of the formula
 * (not inside parentheses); {@code dice} is every dice term in formula order (Foundry's flattened
 * {@code roll.dice}).
 */
public record Roll(String formula, double total, List<DieTerm> topLevelDice, List<DieTerm> dice, boolean firstTermIsDie) {

    /**
     * The module's rule: true when any result of any top-level dice term equals the faces of the
     * first term, dropped results included; always false when the first term is not a die.
     */
    public boolean isCritical() {
        if (!firstTermIsDie || topLevelDice.isEmpty()) return false;
        int faces = topLevelDice.getFirst().faces();
        return topLevelDice.stream().flatMap(t -> t.results().stream()).anyMatch(r -> r.result() == faces);
    }

    /** The module's rule: true when any result of any top-level dice term is 1, dropped results included. */
    public boolean isFumble() {
        return topLevelDice.stream().flatMap(t -> t.results().stream()).anyMatch(r -> r.result() == 1);
    }
}
