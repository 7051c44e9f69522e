package org.foundryrelay.sim.dice;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Evaluates a parsed formula depth first, left to right, so dice are rolled (and listed) in formula
 * order, as Foundry's AST evaluation does. Not reusable: one instance per roll.
 */
final class Evaluator {
    private final RandomGenerator random;
    private final List<DieTerm> allDice = new ArrayList<>();
    private final List<DieTerm> topLevelDice = new ArrayList<>();
    private int diceRolled;

    Evaluator(RandomGenerator random) {
        this.random = random;
    }

    Roll evaluate(String formula, Node.Expression expression) {
        double total = numeric(value(expression.tree(), true));
        boolean firstTermIsDie = expression.terms().getFirst() instanceof Node.DiceTerm;
        return new Roll(formula, total, List.copyOf(topLevelDice), List.copyOf(allDice), firstTermIsDie);
    }

    private double value(Node node, boolean topLevel) {
        return switch (node) {
            case Node.NumberTerm n -> n.value();
            case Node.StringTerm s ->
                    throw new FormulaException("Unresolved StringTerm " + s.text() + " requested for evaluation");
            case Node.DiceTerm d -> {
                var term = roll(d);
                allDice.add(term);
                if (topLevel) topLevelDice.add(term);
                yield term.total();
            }
            case Node.Parenthetical p -> numeric(value(p.inner().tree(), false));
            case Node.Binary b -> {
                double left = value(b.left(), topLevel);
                double right = value(b.right(), topLevel);
                // Plain IEEE arithmetic, as in JavaScript: x/0 is infinite and % keeps the dividend's sign.
                yield switch (b.operator()) {
                    case '+' -> left + right;
                    case '-' -> left - right;
                    case '*' -> left * right;
                    case '/' -> left / right;
                    case '%' -> left % right;
                    default -> throw new IllegalStateException("operator " + b.operator());
                };
            }
        };
    }

    /** A roll's total reads {@code Number(total) || 0} in Foundry: NaN (and -0) become 0; infinities stay. */
    private static double numeric(double value) {
        return Double.isNaN(value) || value == 0 ? 0.0 : value;
    }

    private DieTerm roll(Node.DiceTerm node) {
        if (node.number() > Limits.MAX_DICE_PER_TERM) {
            throw new FormulaException("You may not evaluate a DiceTerm with more than "
                    + Limits.MAX_DICE_PER_TERM + " requested results");
        }
        if (node.faces() < 1 || node.faces() > Limits.MAX_FACES) {
            throw new FormulaException("Invalid number of faces " + node.faces() + " in a dice term: a die has from 1 to "
                    + Limits.MAX_FACES + " faces");
        }
        var modifiers = ModifierParser.parse(node.modifiers());
        var term = new TermState(node.faces(), () -> face(node.faces()));
        for (int i = 0; i < node.number(); i++) term.rollOne();
        for (var modifier : modifiers) ModifierEngine.apply(modifier, term);
        return new DieTerm(node.number(), node.faces(), ModifierEngine.describe(modifiers), term.freeze(),
                term.total(), node.flavor());
    }

    /** Draws one face; the only use of the random generator, so a scripted generator can dictate the dice. */
    private int face(int faces) {
        if (++diceRolled > Limits.MAX_RESULTS_PER_ROLL) {
            throw new FormulaException("A roll may not produce more than " + Limits.MAX_RESULTS_PER_ROLL + " dice results");
        }
        return random.nextInt(1, faces + 1);
    }
}
