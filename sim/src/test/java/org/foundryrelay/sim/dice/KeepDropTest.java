package org.foundryrelay.sim.dice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.sim.dice.Rolls.active;
import static org.foundryrelay.sim.dice.Rolls.faces;
import static org.foundryrelay.sim.dice.Rolls.term;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code k kh kl d dl dh}: dropped results stay in the term, inactive, in the order rolled. */
class KeepDropTest {

    @Test
    void advantageKeepsTheHigherDieAndKeepsTheLowerOneInactive() {
        var term = term("2d20kh", 3, 7);
        assertThat(faces(term)).containsExactly(3, 7);
        assertThat(active(term)).containsExactly(false, true);
        assertThat(term.total()).isEqualTo(7);
        assertThat(term.modifiers()).isEqualTo("kh");

        var reversed = term("2d20kh", 7, 3);
        assertThat(active(reversed)).containsExactly(true, false);
        assertThat(reversed.total()).isEqualTo(7);
    }

    @Test
    void disadvantageKeepsTheLowerDie() {
        var term = term("2d20kl", 3, 7);
        assertThat(active(term)).containsExactly(true, false);
        assertThat(term.total()).isEqualTo(3);
    }

    @Test
    void tiesAreDiscardedInTheOrderRolled() {
        assertThat(active(term("2d20kh", 7, 7))).containsExactly(false, true);
        assertThat(active(term("2d20kl", 7, 7))).containsExactly(false, true);
        assertThat(active(term("3d6dl1", 1, 3, 1))).containsExactly(false, true, true);
        // Keep the two highest of 4,6,4,4,2: the 6 and the last 4.
        var term = term("5d6kh2", 4, 6, 4, 4, 2);
        assertThat(active(term)).containsExactly(false, true, false, true, false);
        assertThat(term.total()).isEqualTo(10);
    }

    @ParameterizedTest(name = "{0} keeps {1}")
    @CsvSource(delimiter = '|', value = {
            "4d6kh3 | true,  true,  false, true  | 13",
            "4d6k3  | true,  true,  false, true  | 13",
            "4d6k   | false, false, false, true  | 6",
            "4d6kl2 | true,  false, true,  false | 3",
            "4d6kl  | false, false, true,  false | 1",
            "4d6dl1 | true,  true,  false, true  | 13",
            "4d6d1  | true,  true,  false, true  | 13",
            "4d6d   | true,  true,  false, true  | 13",
            "4d6dl2 | false, true,  false, true  | 11",
            "4d6dh1 | true,  true,  true,  false | 8",
            "4d6dh  | true,  true,  true,  false | 8",
            "4d6dh2 | true,  false, true,  false | 3",
            "4d6KH3 | true,  true,  false, true  | 13",
    })
    void keepsAndDropsAsWritten(String formula, String expectedActive, double total) {
        var term = term(formula, 2, 5, 1, 6);
        var expected = java.util.Arrays.stream(expectedActive.split(",")).map(s -> Boolean.parseBoolean(s.strip())).toList();
        assertThat(active(term)).isEqualTo(expected);
        assertThat(faces(term)).containsExactly(2, 5, 1, 6);
        assertThat(term.total()).isEqualTo(total);
    }

    @Test
    void keepingMoreThanRolledKeepsEverything() {
        var term = term("3d6kh5", 1, 2, 3);
        assertThat(active(term)).containsOnly(true);
        assertThat(term.total()).isEqualTo(6);
    }

    @Test
    void droppingEveryDieDropsThemAll() {
        var term = term("3d6dl3", 1, 2, 3);
        assertThat(active(term)).containsOnly(false);
        assertThat(term.total()).isZero();
        assertThat(term("2d6dh9", 4, 5).total()).isZero();
    }

    @Test
    void aZeroCountMeansOneAsFoundryReadsIt() {
        assertThat(active(term("2d20kh0", 3, 7))).containsExactly(false, true);
        assertThat(active(term("2d20dl0", 3, 7))).containsExactly(false, true);
    }

    @Test
    void chainedKeepAndDropWorkOnTheStillActiveResults() {
        // dl1 drops the 1, then kh2 keeps 6 and 5 of the remaining 2, 5, 6.
        var term = term("4d6dl1kh2", 2, 5, 1, 6);
        assertThat(active(term)).containsExactly(false, true, false, true);
        assertThat(term.modifiers()).isEqualTo("dl1kh2");
        assertThat(term.total()).isEqualTo(11);
    }

    @Test
    void runTogetherCommandsLoseTheirArgumentsAsInFoundry() {
        // "dlkh2" is one piece with unknown letters "dlkh": Foundry applies dl, then kh, both bare.
        var term = term("4d6dlkh2", 2, 5, 1, 6);
        assertThat(active(term)).containsExactly(false, false, false, true);
        assertThat(term.modifiers()).isEqualTo("dlkh");
        assertThat(term.total()).isEqualTo(6);
    }

    @Test
    void droppedResultsKeepTheirOtherFlagsClear() {
        var dropped = term("2d20kh", 3, 7).results().getFirst();
        assertThat(dropped).isEqualTo(new DieResult(3, false, false, false, false, false));
    }
}
