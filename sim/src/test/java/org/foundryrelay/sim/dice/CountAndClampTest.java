package org.foundryrelay.sim.dice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.sim.dice.Rolls.active;
import static org.foundryrelay.sim.dice.Rolls.faces;
import static org.foundryrelay.sim.dice.Rolls.term;

import org.junit.jupiter.api.Test;

/** {@code cs cf even odd df sf ms min max}: totals from counts, faces left as rolled. */
class CountAndClampTest {

    @Test
    void countSuccessesTotalsTheMatchingDice() {
        var term = term("5d6cs>4", 5, 6, 1, 4, 5);
        assertThat(term.total()).isEqualTo(3);
        assertThat(term.results()).extracting(DieResult::success).containsExactly(true, true, false, false, true);
        assertThat(term.results()).extracting(DieResult::count).containsExactly(1, 1, 0, 0, 1);
        assertThat(faces(term)).containsExactly(5, 6, 1, 4, 5);
        assertThat(term.modifiers()).isEqualTo("cs>4");
    }

    @Test
    void countSuccessesReadsEveryComparison() {
        assertThat(term("4d6cs>=5", 5, 6, 4, 1).total()).isEqualTo(2);
        assertThat(term("4d6cs=6", 6, 6, 5, 1).total()).isEqualTo(2);
        assertThat(term("4d6cs<3", 1, 2, 3, 6).total()).isEqualTo(2);
        assertThat(term("4d6cs<=3", 1, 2, 3, 6).total()).isEqualTo(3);
        assertThat(term("4d6cs4", 4, 4, 5, 1).total()).isEqualTo(2);
    }

    @Test
    void countSuccessesWithoutATargetCountsMaximumFacesAsDocumented() {
        assertThat(term("4d6cs", 6, 3, 6, 1).total()).isEqualTo(2);
    }

    @Test
    void countFailuresTotalsTheFailedDiceWithoutSubtracting() {
        var term = term("3d6cf<3", 1, 2, 5);
        assertThat(term.total()).isEqualTo(2);
        assertThat(term.results()).extracting(DieResult::failure).containsExactly(true, true, false);
        assertThat(term.results()).extracting(DieResult::success).containsOnly(false);
        assertThat(term("3d6cf", 1, 1, 4).total()).isEqualTo(2);
    }

    @Test
    void countingSkipsDroppedDice() {
        var term = term("4d6kh3cs>4", 6, 5, 1, 2);
        assertThat(active(term)).containsExactly(true, true, false, true);
        assertThat(term.total()).isEqualTo(2);
    }

    @Test
    void countsEvenAndOddFaces() {
        assertThat(term("4d6even", 2, 3, 4, 6).total()).isEqualTo(3);
        assertThat(term("4d6odd", 2, 3, 4, 6).total()).isEqualTo(1);
    }

    @Test
    void deductFailuresSubtractsOneForEachNonSuccess() {
        // cs>3 marks 6, 5, 4 as successes; df turns the other three into failures worth -1.
        var term = term("6d6cs>3df", 6, 5, 1, 2, 4, 3);
        assertThat(term.total()).isZero();
        assertThat(term.results()).extracting(DieResult::failure).containsExactly(false, false, true, true, false, true);
        assertThat(term.results()).extracting(DieResult::count).containsExactly(1, 1, -1, -1, 1, -1);
    }

    @Test
    void deductFailuresWithATargetLeavesOtherFacesAsTheyAre() {
        assertThat(term("4d6df=1", 1, 3, 1, 6).total()).isEqualTo(7);
    }

    @Test
    void subtractFailuresCountsEachFailureAsMinusItsFace() {
        assertThat(term("4d6sf<3", 1, 2, 5, 6).total()).isEqualTo(8);
    }

    @Test
    void marginOfSuccessComparesTheTotalWithATarget() {
        assertThat(term("3d6ms>10", 6, 5, 4).total()).isEqualTo(5);
        assertThat(term("3d6ms<10", 1, 2, 3).total()).isEqualTo(4);
        assertThat(term("3d6ms", 1, 2, 3).total()).isEqualTo(6);
    }

    @Test
    void minimumCountsLowFacesAsTheBoundButReportsTheRealFace() {
        var term = term("4d6min3", 1, 2, 3, 6);
        assertThat(faces(term)).containsExactly(1, 2, 3, 6);
        assertThat(term.results()).extracting(DieResult::value).containsExactly(3, 3, 3, 6);
        assertThat(term.results()).extracting(DieResult::rerolled).containsExactly(true, true, false, false);
        assertThat(active(term)).containsOnly(true);
        assertThat(term.total()).isEqualTo(15);
        assertThat(term.modifiers()).isEqualTo("min3");
    }

    @Test
    void maximumCountsHighFacesAsTheBound() {
        var term = term("1d20max15", 18);
        assertThat(faces(term)).containsExactly(18);
        assertThat(term.results().getFirst().count()).isEqualTo(15);
        assertThat(term.total()).isEqualTo(15);
        assertThat(term("2d20max15", 3, 15).total()).isEqualTo(18);
    }

    @Test
    void keepAfterMinimumComparesRealFaces() {
        var term = term("4d6min3kh2", 1, 2, 6, 5);
        assertThat(active(term)).containsExactly(false, false, true, true);
        assertThat(term.total()).isEqualTo(11);
    }

    @Test
    void minimumWithoutANumberIsIgnored() {
        var term = term("2d6min", 1, 2);
        assertThat(term.modifiers()).isEmpty();
        assertThat(term.total()).isEqualTo(3);
    }

    @Test
    void unknownModifierLettersAreIgnoredLikeFoundry() {
        var term = term("1d20abc", 12);
        assertThat(term.total()).isEqualTo(12);
        assertThat(term.modifiers()).isEmpty();
        assertThat(term("1d20!!", 4).total()).isEqualTo(4);
    }

    @Test
    void modifiersAreCaseInsensitiveAndRecordedInLowerCase() {
        var term = term("4D6R1KH3", 1, 3, 4, 5, 6);
        assertThat(term.modifiers()).isEqualTo("r1kh3");
        assertThat(term.total()).isEqualTo(15);
    }
}
