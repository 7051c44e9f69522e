package org.foundryrelay.sim.dice;

import java.util.regex.Pattern;
import java.util.random.RandomGenerator;

/**
 * Evaluates Foundry dice formulas with a given (seedable) random source.
 *
 * <p>Supported: numbers ({@code 5}, {@code 1.5}), dice ({@code NdX}, {@code dX}, {@code d%}),
 * {@code + - * / %} with the usual precedence, signs, parentheses, {@code [flavor]} after any term,
 * {@code @data} references (no roll data exists, so each reads as 0, as in Foundry) and the dice
 * modifiers {@code k kh kl d dh dl r rr x xo min max cs cf even odd df sf ms}, chained left to right.
 * See {@link Parser} for the grammar and {@link ModifierParser} / {@link ModifierEngine} for the
 * modifier rules.
 *
 * <p>Totals are JavaScript numbers: fractions are kept, NaN reads as 0 and division by zero gives an
 * infinity (which {@code JSON.stringify} would send as {@code null}). A formula fails with a
 * {@link FormulaException} when it does not parse, contains unresolved text, asks for more than 999
 * dice in a term (Foundry's limit) or a die outside 1..1,000,000 faces, explodes or rerolls past
 * Foundry's 1000-result recursion guard, or would roll more than 10,000 dice in all.
 *
 * <p>Each die costs exactly one {@code random.nextInt(1, faces + 1)} call, in formula order, so a
 * scripted generator can decide every face. Calls to {@link #roll} are serialized, so one instance may
 * be shared between threads whatever the generator.
 */
public final class Dice {
    /** Foundry replaces {@code @attribute} references before parsing; without roll data they become 0. */
    private static final Pattern DATA_REFERENCE = Pattern.compile("@([a-z.0-9_-]+)", Pattern.CASE_INSENSITIVE);

    private final RandomGenerator random;
    private final Object lock = new Object();

    public Dice(RandomGenerator random) {
        this.random = random;
    }

    /**
     * Parses and evaluates {@code formula}.
     *
     * @throws FormulaException when the formula is not valid
     */
    public Roll roll(String formula) {
        if (formula == null || formula.isBlank()) throw new FormulaException("The formula is empty");
        if (formula.length() > Limits.MAX_FORMULA_LENGTH) {
            throw new FormulaException("The formula is longer than " + Limits.MAX_FORMULA_LENGTH + " characters");
        }
        var expression = Parser.parse(DATA_REFERENCE.matcher(formula).replaceAll("0"));
        synchronized (lock) {
            return new Evaluator(random).evaluate(formula, expression);
        }
    }
}
