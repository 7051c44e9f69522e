package org.foundryrelay.sim.dice;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Splits a formula into {@link Token}s. Whitespace only separates tokens. */
final class Lexer {
    /** A word that so far reads as a die without faces; a following {@code %} means d100, not modulo. */
    private static final Pattern PERCENT_DIE_PREFIX = Pattern.compile("\\d*[dD]");
    private static final String DELIMITERS = "+-*/%()[]{},";

    private final String formula;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private Lexer(String formula) {
        this.formula = formula;
    }

    static List<Token> tokenize(String formula) {
        var lexer = new Lexer(formula);
        lexer.run();
        return List.copyOf(lexer.tokens);
    }

    private void run() {
        while (pos < formula.length()) {
            char c = formula.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if ("+-*/%".indexOf(c) >= 0) {
                add(Token.Kind.OPERATOR, String.valueOf(c), pos++);
            } else if (c == '(') {
                add(Token.Kind.OPEN, "(", pos++);
            } else if (c == ')') {
                add(Token.Kind.CLOSE, ")", pos++);
            } else if (c == '[') {
                flavor();
            } else if (c == ']') {
                throw new FormulaException("Unexpected \"]\" at position " + pos + " without an opening \"[\"");
            } else if ("{},".indexOf(c) >= 0) {
                throw new FormulaException("Unsupported \"" + c + "\" at position " + pos
                        + ": dice pools and function arguments are not supported");
            } else {
                word();
            }
        }
    }

    private void flavor() {
        int start = pos;
        int end = formula.indexOf(']', start + 1);
        int nested = formula.indexOf('[', start + 1);
        if (end < 0 || (nested >= 0 && nested < end)) {
            throw new FormulaException("Unterminated flavor text starting at position " + start);
        }
        add(Token.Kind.FLAVOR, formula.substring(start + 1, end), start);
        pos = end + 1;
    }

    private void word() {
        int start = pos;
        while (pos < formula.length()) {
            char c = formula.charAt(pos);
            boolean percentDie = c == '%' && PERCENT_DIE_PREFIX.matcher(formula.substring(start, pos)).matches();
            if (!percentDie && (Character.isWhitespace(c) || DELIMITERS.indexOf(c) >= 0)) break;
            pos++;
        }
        add(Token.Kind.WORD, formula.substring(start, pos), start);
    }

    private void add(Token.Kind kind, String text, int position) {
        tokens.add(new Token(kind, text, position));
    }
}
