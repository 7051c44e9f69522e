package org.foundryrelay.sim.world;

import org.foundryrelay.sim.dice.Roll;

/**
 * Evaluates a dice formula for the world. Normally backed by {@link org.foundryrelay.sim.dice.Dice};
 * tests may supply fixed rolls.
 */
@FunctionalInterface
public interface Roller {
    /**
     * @throws org.foundryrelay.sim.dice.FormulaException when the formula is invalid
     */
    Roll roll(String formula);
}
