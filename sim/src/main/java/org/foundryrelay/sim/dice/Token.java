package org.foundryrelay.sim.dice;

/**
 * A lexical token of a formula. {@code WORD} is any run of characters that is not an operator,
 * parenthesis, flavor or whitespace (numbers, dice terms with their modifiers, stray text);
 * {@code FLAVOR} holds the text between the brackets.
 */
record Token(Kind kind, String text, int position) {

    enum Kind { OPERATOR, OPEN, CLOSE, WORD, FLAVOR }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isOperator(char op) {
        return kind == Kind.OPERATOR && text.charAt(0) == op;
    }

    boolean isAdditive() {
        return isOperator('+') || isOperator('-');
    }

    boolean isMultiplicative() {
        return isOperator('*') || isOperator('/') || isOperator('%');
    }

    /** How the token reads in an error message. */
    String describe() {
        return kind == Kind.FLAVOR ? "\"[" + text + "]\"" : "\"" + text + "\"";
    }
}
