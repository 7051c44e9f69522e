package org.foundryrelay.sim.dice;

import java.util.random.RandomGenerator;

/** Evaluates Foundry dice formulas with a given (seedable) random source. */
public final class Dice {
    private final RandomGenerator random;

    public Dice(RandomGenerator random) {
        this.random = random;
    }

    /**
     * Parses and evaluates {@code formula}.
     *
     * @throws FormulaException when the formula is not valid
     */
    public Roll roll(String formula) {
        throw new FormulaException("dice engine not built yet: " + formula + " " + random);
    }
}
