package org.foundryrelay.sim.dice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.foundryrelay.sim.dice.Rolls.active;
import static org.foundryrelay.sim.dice.Rolls.faces;
import static org.foundryrelay.sim.dice.Rolls.term;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code r rr x xo}: replaced results stay (rerolled, inactive); new dice are appended. */
class RerollExplodeTest {

    @Test
    void rerollReplacesAOneAndKeepsItInactive() {
        var term = term("1d20r", 1, 15);
        assertThat(faces(term)).containsExactly(1, 15);
        assertThat(term.results().get(0)).isEqualTo(new DieResult(1, false, false, true, false, false));
        assertThat(term.results().get(1)).isEqualTo(DieResult.of(15));
        assertThat(term.total()).isEqualTo(15);
        assertThat(term.modifiers()).isEqualTo("r");
    }

    @Test
    void rerollHappensOnlyOnceEvenIfTheNewDieMatchesAgain() {
        var term = term("1d20r1", 1, 1);
        assertThat(active(term)).containsExactly(false, true);
        assertThat(term.total()).isEqualTo(1);
    }

    @Test
    void recursiveRerollGoesOnUntilNoResultMatches() {
        var term = term("1d20rr", 1, 1, 1, 9);
        assertThat(active(term)).containsExactly(false, false, false, true);
        assertThat(term.total()).isEqualTo(9);
        assertThat(term("2d6rr<3", 1, 5, 2, 1, 6).total()).isEqualTo(11);
    }

    @Test
    void rerollComparesWithTheGivenTarget() {
        var below = term("3d6r<3", 1, 2, 5, 4, 6);
        assertThat(faces(below)).containsExactly(1, 2, 5, 4, 6);
        assertThat(active(below)).containsExactly(false, false, true, true, true);
        assertThat(below.total()).isEqualTo(15);
        assertThat(term("1d6r<=2", 2, 1).total()).isEqualTo(1);
        assertThat(term("1d6r6", 6, 3).total()).isEqualTo(3);
        assertThat(term("1d6r>4", 5, 2).total()).isEqualTo(2);
        assertThat(term("1d6r=3", 3, 4).total()).isEqualTo(4);
    }

    @Test
    void aNumberBeforeTheComparisonLimitsHowManyDiceAreRerolled() {
        var term = term("3d6r1=1", 1, 1, 5, 4);
        assertThat(active(term)).containsExactly(false, true, true, true);
        assertThat(term.total()).isEqualTo(10);
    }

    @Test
    void roIsReadAsPlainRLikeFoundryDoes() {
        // Foundry has no "ro": its letters resolve to "r" (which rerolls once) and the "<5" is lost.
        var term = term("1d20ro<5", 3);
        assertThat(term.total()).isEqualTo(3);
        assertThat(term.modifiers()).isEqualTo("r");
        assertThat(term("1d20ro", 1, 12).total()).isEqualTo(12);
    }

    @Test
    void rerollIgnoresDroppedResults() {
        var term = term("4d6kh3r1", 1, 3, 4, 5);
        assertThat(active(term)).containsExactly(false, true, true, true);
        assertThat(term.total()).isEqualTo(12);
    }

    @Test
    void explodingOnTheMaximumAddsDiceRecursively() {
        var term = term("1d6x", 6, 6, 2);
        assertThat(faces(term)).containsExactly(6, 6, 2);
        assertThat(term.results()).extracting(DieResult::exploded).containsExactly(true, true, false);
        assertThat(active(term)).containsOnly(true);
        assertThat(term.total()).isEqualTo(14);
        assertThat(term("2d6x", 6, 3, 4).total()).isEqualTo(13);
    }

    @Test
    void explodeOnceOnlyChecksTheInitialDice() {
        var term = term("2d6xo", 6, 6, 6, 1);
        assertThat(faces(term)).containsExactly(6, 6, 6, 1);
        assertThat(term.results()).extracting(DieResult::exploded).containsExactly(true, true, false, false);
        assertThat(term.total()).isEqualTo(19);
    }

    @Test
    void explodeComparesWithTheGivenTarget() {
        assertThat(term("1d10x>=9", 9, 10, 3).total()).isEqualTo(22);
        assertThat(term("1d10x9", 9, 2).total()).isEqualTo(11);
        assertThat(term("1d10x9", 10).total()).isEqualTo(10);
        assertThat(term("1d6x<2", 1, 1, 4).total()).isEqualTo(6);
        assertThat(term("5d10x10", 10, 2, 3, 4, 5, 7).total()).isEqualTo(31);
    }

    @Test
    void aNumberBeforeTheComparisonLimitsExplosions() {
        var term = term("1d6x2>=1", 3, 4, 5);
        assertThat(term.results()).extracting(DieResult::exploded).containsExactly(true, true, false);
        assertThat(term.total()).isEqualTo(12);
    }

    @Test
    void explodeThenKeepHighest() {
        var term = term("2d6xkh", 6, 2, 5);
        assertThat(term.modifiers()).isEqualTo("xkh");
        assertThat(active(term)).containsExactly(true, false, false);
        assertThat(term.total()).isEqualTo(6);
    }

    @Test
    void rerollThenKeepAppliesLeftToRight() {
        var term = term("4d6r1kh3", 1, 3, 4, 5, 6);
        assertThat(faces(term)).containsExactly(1, 3, 4, 5, 6);
        assertThat(active(term)).containsExactly(false, false, true, true, true);
        assertThat(term.results().getFirst().rerolled()).isTrue();
        assertThat(term.results().get(1).rerolled()).isFalse();
        assertThat(term.modifiers()).isEqualTo("r1kh3");
        assertThat(term.total()).isEqualTo(15);
    }

    @Test
    void endlessExplosionsStopWithFoundrysError() {
        var dice = new Dice(new SplittableRandom(1));
        assertThatThrownBy(() -> dice.roll("1d1x")).isInstanceOf(FormulaException.class)
                .hasMessage("Maximum recursion depth for exploding dice roll exceeded");
        assertThatThrownBy(() -> dice.roll("2d6x>=1")).hasMessage("Maximum recursion depth for exploding dice roll exceeded");
        assertThatThrownBy(() -> dice.roll("1d6rr<=6")).hasMessage("Maximum recursion depth for exploding dice roll exceeded");
    }

    @Test
    void aLongButFiniteChainOfExplosionsIsAllowed() {
        var faces = new int[101];
        java.util.Arrays.fill(faces, 0, 100, 6);
        faces[100] = 1;
        var term = term("1d6x", faces);
        assertThat(term.results()).hasSize(101);
        assertThat(term.total()).isEqualTo(601);
    }
}
