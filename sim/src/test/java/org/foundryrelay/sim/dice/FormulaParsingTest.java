package org.foundryrelay.sim.dice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.sim.dice.Rolls.scripted;
import static org.foundryrelay.sim.dice.Rolls.term;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Numbers, dice terms, arithmetic, signs, parentheses, flavor and the top-level dice rule. */
class FormulaParsingTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "5 | 5",
            "1.5 + 1.25 | 2.75",
            "2 + 3 * 4 | 14",
            "(2 + 3) * 4 | 20",
            "10 - 4 - 3 | 3",
            "12 / 4 / 3 | 1",
            "7 / 2 | 3.5",
            "7 % 3 | 1",
            "10 % 4 * 2 | 4",
            "-7 % 3 | -1",
            "-5 + 2 | -3",
            "-(2 + 3) | -5",
            "2 * -3 | -6",
            "2 - -3 | 5",
            "2 + -3 | -1",
            "--2 | 2",
            "+4 | 4",
            "2 * +3 | 6",
            "((((1)))) + 1 | 2",
            "0 / 0 | 0",
            "1 - 1 | 0",
            "007 | 7",
    })
    void evaluatesArithmeticLikeJavaScript(String formula, double expected) {
        var roll = scripted(formula);
        assertThat(roll.total()).isEqualTo(expected);
        assertThat(roll.dice()).isEmpty();
        assertThat(roll.firstTermIsDie()).isFalse();
    }

    @Test
    void toleratesWhitespaceBetweenTokens() {
        assertThat(scripted("  1d20\t+\n 5 * ( 2 ) ", 7).total()).isEqualTo(17);
    }

    @Test
    void divisionByZeroIsInfiniteAsInFoundry() {
        assertThat(scripted("1 / 0").total()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(scripted("-1 / 0").total()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void rollsDiceTermsInFormulaOrder() {
        var roll = scripted("1d4 + 2d6 - d8", 3, 2, 5, 7);
        assertThat(roll.total()).isEqualTo(3 + 2 + 5 - 7);
        assertThat(roll.dice()).extracting(DieTerm::number).containsExactly(1, 2, 1);
        assertThat(roll.dice()).extracting(DieTerm::faces).containsExactly(4, 6, 8);
        assertThat(roll.dice()).extracting(DieTerm::total).containsExactly(3.0, 7.0, 7.0);
        assertThat(roll.topLevelDice()).isEqualTo(roll.dice());
        assertThat(roll.firstTermIsDie()).isTrue();
        assertThat(roll.formula()).isEqualTo("1d4 + 2d6 - d8");
    }

    @Test
    void readsUpperCaseDAndPercentileDice() {
        assertThat(term("2D6", 1, 6).total()).isEqualTo(7);
        var percentile = term("d%", 100);
        assertThat(percentile.faces()).isEqualTo(100);
        assertThat(percentile.number()).isEqualTo(1);
        assertThat(term("2d%kh", 40, 73).total()).isEqualTo(73);
        assertThat(scripted("d% % 7", 50).total()).isEqualTo(1);
    }

    @Test
    void keepsFractionsOfDividedDice() {
        assertThat(scripted("1d6 / 4", 3).total()).isEqualTo(0.75);
    }

    @Test
    void zeroDiceRollNothingAndTotalZero() {
        var roll = scripted("0d6 + 2");
        assertThat(roll.total()).isEqualTo(2);
        assertThat(roll.dice()).singleElement().satisfies(t -> {
            assertThat(t.results()).isEmpty();
            assertThat(t.total()).isZero();
        });
    }

    @Test
    void diceInsideParenthesesCountInDiceButNotAtTopLevel() {
        var roll = scripted("1d4 + (1d6 + 1d8) * 2 + 1d10", 1, 2, 3, 4);
        assertThat(roll.total()).isEqualTo(1 + (2 + 3) * 2 + 4);
        assertThat(roll.dice()).extracting(DieTerm::faces).containsExactly(4, 6, 8, 10);
        assertThat(roll.topLevelDice()).extracting(DieTerm::faces).containsExactly(4, 10);
        assertThat(roll.firstTermIsDie()).isTrue();
    }

    @Test
    void aFormulaStartingWithAParenthesisHasNoDieFirst() {
        var roll = scripted("((1d6)) + 1d20", 5, 11);
        assertThat(roll.total()).isEqualTo(16);
        assertThat(roll.topLevelDice()).extracting(DieTerm::faces).containsExactly(20);
        assertThat(roll.firstTermIsDie()).isFalse();
    }

    @Test
    void aNegatedDieMovesIntoAParenthesisAsInFoundry() {
        // Foundry rewrites -1d20 as (1d20 * -1), so the die is no longer a top-level term.
        var leading = scripted("-1d20 + 5", 4);
        assertThat(leading.total()).isEqualTo(1);
        assertThat(leading.dice()).hasSize(1);
        assertThat(leading.topLevelDice()).isEmpty();
        assertThat(leading.firstTermIsDie()).isFalse();

        var afterTimes = scripted("2 * -1d6", 4);
        assertThat(afterTimes.total()).isEqualTo(-8);
        assertThat(afterTimes.topLevelDice()).isEmpty();
    }

    @Test
    void additiveSignsCollapseIntoOneOperatorKeepingTheDieAtTopLevel() {
        var roll = scripted("1 + -1d6", 4);
        assertThat(roll.total()).isEqualTo(-3);
        assertThat(roll.topLevelDice()).hasSize(1);
        assertThat(scripted("10 - - 1d6", 4).total()).isEqualTo(14);
    }

    @Test
    void aLeadingPlusIsDropped() {
        var roll = scripted("+1d20", 20);
        assertThat(roll.firstTermIsDie()).isTrue();
        assertThat(roll.topLevelDice()).hasSize(1);
    }

    @Test
    void capturesFlavorOnDiceAndIgnoresItOnNumbers() {
        var roll = scripted("1d20[attack] + 5[str] + 1d6 + (1d4)[fire]", 11, 3, 2);
        assertThat(roll.total()).isEqualTo(21);
        assertThat(roll.dice()).extracting(DieTerm::flavor).containsExactly("attack", "", "");
    }

    @Test
    void flavorMayHoldSpacesAndFollowModifiers() {
        var term = term("2d20kh [to hit with advantage]", 3, 17);
        assertThat(term.flavor()).isEqualTo("to hit with advantage");
        assertThat(term.modifiers()).isEqualTo("kh");
        assertThat(term.total()).isEqualTo(17);
    }

    @Test
    void dataReferencesReadAsZeroWithoutRollData() {
        var roll = scripted("1d20 + @abilities.str.mod + @prof", 12);
        assertThat(roll.total()).isEqualTo(12);
    }
}
