package org.foundryrelay.sim.dice;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the {@link Node} tree of a formula, following the shape of Foundry's roll grammar:
 *
 * <pre>
 * expression := additive* term ( operators term )*
 * operators  := ( '*' | '/' | '%' )? additive*      -- at least one operator between two terms
 * additive   := '+' | '-'
 * term       := '(' expression ')' flavor? | word flavor?
 * flavor     := '[' text ']'
 * </pre>
 *
 * A run of additive operators collapses to one sign ({@code 1 - -2} is {@code 1 + 2}). A minus that
 * acts as a sign (leading, or after {@code * / %}) negates a number in place; any other operand is
 * wrapped as {@code (operand * -1)}, so its dice leave the top level, exactly as in Foundry. The
 * operands are then combined with the usual precedence, left to right.
 */
final class Parser {
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final List<Token> tokens;
    private final String formula;
    private int index;

    private Parser(List<Token> tokens, String formula) {
        this.tokens = tokens;
        this.formula = formula;
    }

    static Node.Expression parse(String formula) {
        var tokens = Lexer.tokenize(formula);
        if (tokens.isEmpty()) throw new FormulaException("The formula is empty");
        var parser = new Parser(tokens, formula);
        var expression = parser.expression(0);
        var rest = parser.peek();
        if (rest != null) {
            throw new FormulaException("Expected end of formula but " + rest.describe() + " found at position "
                    + rest.position());
        }
        return expression;
    }

    private Node.Expression expression(int depth) {
        var terms = new ArrayList<Node>();
        var operators = new ArrayList<Character>();
        char sign = additiveRun();
        Node head = term(depth);
        terms.add(sign == '-' ? negate(head) : head);
        while (peek() != null && peek().is(Token.Kind.OPERATOR)) {
            char multiplicative = peek().isMultiplicative() ? next().text().charAt(0) : 0;
            char additive = additiveRun();
            Node operand = term(depth);
            if (multiplicative != 0) {
                operators.add(multiplicative);
                terms.add(additive == '-' ? negate(operand) : operand);
            } else {
                operators.add(additive);
                terms.add(operand);
            }
        }
        var following = peek();
        if (following != null && !following.is(Token.Kind.CLOSE)) {
            // Two terms side by side (or a second flavor): Foundry reports the missing operator.
            throw new FormulaException("Failed to parse " + formula.strip() + ". Unexpected operator.");
        }
        return new Node.Expression(withPrecedence(terms, operators), terms);
    }

    private Node term(int depth) {
        var token = peek();
        if (token == null) throw new FormulaException("Expected a term but end of formula found");
        return switch (token.kind()) {
            case OPEN -> parenthetical(depth);
            case WORD -> {
                next();
                if (isFunctionCall(token, peek())) {
                    throw new FormulaException("Function terms such as " + token.text() + "(...) are not supported");
                }
                yield Terms.classify(token.text(), flavor());
            }
            default -> throw new FormulaException("Expected a term but " + token.describe() + " found at position "
                    + token.position());
        };
    }

    private Node parenthetical(int depth) {
        if (depth >= Limits.MAX_NESTING) {
            throw new FormulaException("Parentheses are nested more than " + Limits.MAX_NESTING + " levels deep");
        }
        next();
        var inner = expression(depth + 1);
        var close = peek();
        if (close == null) throw new FormulaException("Expected \")\" but end of formula found");
        next();
        flavor(); // a parenthetical's flavor describes no die; Foundry keeps it only for display
        return new Node.Parenthetical(inner);
    }

    /** A name written directly against an opening parenthesis, such as {@code floor(}: a Foundry function term. */
    private static boolean isFunctionCall(Token word, Token following) {
        return following != null && following.is(Token.Kind.OPEN)
                && following.position() == word.position() + word.text().length()
                && FUNCTION_NAME.matcher(word.text()).matches();
    }

    /** Consumes an optional flavor annotation and returns its text, or null. */
    private String flavor() {
        var token = peek();
        if (token == null || !token.is(Token.Kind.FLAVOR)) return null;
        next();
        return token.text();
    }

    /** Consumes a run of {@code +}/{@code -} and returns the resulting sign, or 0 if there was none. */
    private char additiveRun() {
        char sign = 0;
        while (peek() != null && peek().isAdditive()) {
            boolean minus = next().isOperator('-');
            sign = sign == 0 ? (minus ? '-' : '+') : (minus == (sign == '-') ? '+' : '-');
        }
        return sign;
    }

    private static Node negate(Node node) {
        if (node instanceof Node.NumberTerm(double value)) return new Node.NumberTerm(-value);
        var minusOne = new Node.NumberTerm(-1);
        return new Node.Parenthetical(new Node.Expression(new Node.Binary('*', node, minusOne), List.of(node, minusOne)));
    }

    /** Left-associative fold with {@code * / %} binding tighter than {@code + -}. */
    private static Node withPrecedence(List<Node> terms, List<Character> operators) {
        Node sum = null;
        char pendingAdditive = 0;
        Node product = terms.getFirst();
        for (int i = 0; i < operators.size(); i++) {
            char op = operators.get(i);
            Node operand = terms.get(i + 1);
            if (op == '*' || op == '/' || op == '%') {
                product = new Node.Binary(op, product, operand);
            } else {
                sum = sum == null ? product : new Node.Binary(pendingAdditive, sum, product);
                pendingAdditive = op;
                product = operand;
            }
        }
        return sum == null ? product : new Node.Binary(pendingAdditive, sum, product);
    }

    private Token peek() {
        return index < tokens.size() ? tokens.get(index) : null;
    }

    private Token next() {
        return tokens.get(index++);
    }
}
