package org.foundryrelay.sim.dice;

/** A formula that cannot be parsed or evaluated; the message says what is wrong, as Foundry would. */
public final class FormulaException extends RuntimeException {
    public FormulaException(String message) {
        super(message);
    }
}
