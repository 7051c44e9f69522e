package org.foundryrelay.sim.dice;

import java.util.List;

/** The parsed formula: a tree whose leaves are numbers and dice terms. */
sealed interface Node {

    /** A numeric constant; a leading minus is folded into the value, as Foundry does. */
    record NumberTerm(double value) implements Node {}

    /**
     * A dice term such as {@code 4d6kh3[str]}: {@code modifiers} is the raw text after the faces,
     * interpreted only when the term is rolled (Foundry skips what it cannot read).
     */
    record DiceTerm(int number, int faces, String modifiers, String flavor) implements Node {}

    /**
     * Text that is neither a number nor a dice term (Foundry's {@code StringTerm}); it parses, but
     * evaluating it fails with Foundry's message.
     */
    record StringTerm(String text) implements Node {}

    /** A parenthetical: its dice belong to the roll, but not to the formula's top-level terms. */
    record Parenthetical(Expression inner) implements Node {}

    /** {@code left operator right}, with {@code operator} one of {@code + - * / %}. */
    record Binary(char operator, Node left, Node right) implements Node {}

    /**
     * An expression with operator precedence applied ({@code tree}) together with its operands in
     * formula order ({@code terms}, Foundry's {@code roll.terms} minus the operators).
     */
    record Expression(Node tree, List<Node> terms) {
        public Expression {
            terms = List.copyOf(terms);
        }
    }
}
