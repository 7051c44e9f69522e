package org.foundryrelay.sim.dice;

import java.util.Locale;
import java.util.regex.Pattern;

/** Classifies a formula word as a number, a dice term or leftover text, the way Foundry's grammar does. */
final class Terms {
    /** Foundry's constants need a leading digit: {@code .5} is not a number. */
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    /** Count (optional), {@code d}, faces ({@code %} meaning 100), then modifiers up to the word's end. */
    private static final Pattern DIE = Pattern.compile("(\\d*)[dD](\\d+|%)(.*)");
    /** A lettered denomination such as Foundry's coin ({@code dc}) or fate ({@code df}) dice. */
    private static final Pattern LETTER_DIE = Pattern.compile("\\d*[dD]([A-Za-z])(.*)");

    private Terms() {}

    static Node classify(String word, String flavor) {
        if (NUMBER.matcher(word).matches()) return new Node.NumberTerm(Double.parseDouble(word));
        var die = DIE.matcher(word);
        if (die.matches()) {
            int number = die.group(1).isEmpty() ? 1 : saturatedInt(die.group(1));
            int faces = die.group(2).equals("%") ? 100 : saturatedInt(die.group(2));
            return new Node.DiceTerm(number, faces, die.group(3), flavor == null ? "" : flavor);
        }
        var lettered = LETTER_DIE.matcher(word);
        if (lettered.matches()) {
            throw new FormulaException("Dice denomination \"" + lettered.group(1).toLowerCase(Locale.ROOT)
                    + "\" in \"" + word + "\" is not supported: only numbered dice (NdX, d%) can be rolled");
        }
        return new Node.StringTerm(word);
    }

    /** Parses a run of digits, saturating at {@link Integer#MAX_VALUE} so oversized values fail range checks. */
    static int saturatedInt(String digits) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            value = value * 10 + (digits.charAt(i) - '0');
            if (value > Integer.MAX_VALUE) return Integer.MAX_VALUE;
        }
        return (int) value;
    }
}
