package org.foundryrelay.sim.dice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every invalid formula fails with a FormulaException that says what is wrong. */
class FormulaErrorTest {
    private final Dice dice = new Dice(new SplittableRandom(7));

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t\n"})
    void rejectsAnEmptyFormula(String formula) {
        assertThatThrownBy(() -> dice.roll(formula)).isInstanceOf(FormulaException.class)
                .hasMessage("The formula is empty");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "abc | Unresolved StringTerm abc requested for evaluation",
            "1d20 + abc | Unresolved StringTerm abc requested for evaluation",
            ".5 | Unresolved StringTerm .5 requested for evaluation",
            "1d20 + 5x | Unresolved StringTerm 5x requested for evaluation",
            "d | Unresolved StringTerm d requested for evaluation",
            "(1d20 | Expected \")\" but end of formula found",
            "1d20) | Expected end of formula but \")\" found at position 4",
            "() | Expected a term but \")\" found at position 1",
            "1d20 + | Expected a term but end of formula found",
            "1d20 * | Expected a term but end of formula found",
            "* 2 | Expected a term but \"*\" found at position 0",
            "1 * * 2 | Expected a term but \"*\" found at position 4",
            "1d20 + [fire] | Expected a term but \"[fire]\" found at position 7",
            "1d20 5 | Failed to parse 1d20 5. Unexpected operator.",
            "2 (1d6) | Failed to parse 2 (1d6). Unexpected operator.",
            "1d20[a][b] | Failed to parse 1d20[a][b]. Unexpected operator.",
            "1d20 [fire | Unterminated flavor text starting at position 5",
            "1d20 ] | Unexpected \"]\" at position 5 without an opening \"[\"",
            "'{1d20, 1d20}kh' | Unsupported \"{\" at position 0: dice pools and function arguments are not supported",
            "floor(7 / 2) | Function terms such as floor(...) are not supported",
            "4dF | Dice denomination \"f\" in \"4dF\" is not supported: only numbered dice (NdX, d%) can be rolled",
            "1d0 | Invalid number of faces 0 in a dice term: a die has from 1 to 1000000 faces",
            "1d1000001 | Invalid number of faces 1000001 in a dice term: a die has from 1 to 1000000 faces",
            "1d99999999999999 | Invalid number of faces 2147483647 in a dice term: a die has from 1 to 1000000 faces",
            "1000d6 | You may not evaluate a DiceTerm with more than 999 requested results",
            "99999999999999d6 | You may not evaluate a DiceTerm with more than 999 requested results",
    })
    void rejectsInvalidFormulas(String formula, String message) {
        assertThatThrownBy(() -> dice.roll(formula)).isInstanceOf(FormulaException.class).hasMessage(message);
    }

    @Test
    void acceptsTheLargestAllowedTerm() {
        var roll = dice.roll("999d1000000");
        assertThat(roll.dice().getFirst().results()).hasSize(999);
    }

    @Test
    void limitsHowManyDiceOneFormulaMayRoll() {
        var formula = String.join(" + ", java.util.Collections.nCopies(11, "999d6"));
        assertThatThrownBy(() -> dice.roll(formula))
                .hasMessage("A roll may not produce more than 10000 dice results");
        assertThat(dice.roll(String.join(" + ", java.util.Collections.nCopies(10, "999d6"))).dice()).hasSize(10);
    }

    @Test
    void limitsTheFormulaLength() {
        var formula = "1" + " + 1".repeat(2500);
        assertThatThrownBy(() -> dice.roll(formula)).hasMessage("The formula is longer than 10000 characters");
    }

    @Test
    void limitsParenthesisNesting() {
        assertThat(dice.roll("(".repeat(64) + "1" + ")".repeat(64)).total()).isEqualTo(1);
        assertThatThrownBy(() -> dice.roll("(".repeat(65) + "1" + ")".repeat(65)))
                .hasMessage("Parentheses are nested more than 64 levels deep");
        assertThatThrownBy(() -> dice.roll("(".repeat(5000))).isInstanceOf(FormulaException.class);
    }

    @Test
    void limitsModifiersPerTerm() {
        assertThat(dice.roll("4d6" + "kh4".repeat(32)).dice()).hasSize(1);
        assertThatThrownBy(() -> dice.roll("4d6" + "kh4".repeat(33)))
                .hasMessage("A dice term may carry at most 32 modifiers");
    }

    @Test
    void theMessageReadsWellAfterTheCallersPrefix() {
        var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(FormulaException.class, () -> dice.roll("abc"));
        assertThat("Failed to roll formula: " + thrown.getMessage())
                .isEqualTo("Failed to roll formula: Unresolved StringTerm abc requested for evaluation");
    }
}
