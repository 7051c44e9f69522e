package org.foundryrelay.sim.dice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Invariants checked over many seeds, and the shape of the distributions. */
class DicePropertyTest {
    private static final int SEEDS = 300;

    @ParameterizedTest
    @ValueSource(strings = {"1d4", "3d6", "4d6kh3", "2d20kl", "6d8x", "5d10r<3", "10d12dh3", "8d6min2max5",
            "3d6rr1", "4d10xo", "d%", "20d6cs>4", "6d6cs>3df", "4d6sf<3", "1d1000000", "2d6 + (1d8x * 3d4kl)"})
    void everyResultIsAFaceOfItsDieAndTermTotalsAddUp(String formula) {
        for (int seed = 0; seed < SEEDS; seed++) {
            var roll = new Dice(new SplittableRandom(seed)).roll(formula);
            for (var term : roll.dice()) {
                assertThat(term.results()).allSatisfy(r -> assertThat(r.result()).isBetween(1, term.faces()));
                double activeSum = term.results().stream().filter(DieResult::active).mapToInt(DieResult::value).sum();
                assertThat(term.total()).as("%s seed %d", formula, seed).isEqualTo(activeSum);
                assertThat(term.results().size()).isGreaterThanOrEqualTo(term.number());
            }
        }
    }

    @ParameterizedTest(name = "{0} in [{1}, {2}]")
    @CsvSource(delimiter = '|', value = {
            "3d6 + 2 | 5 | 20",
            "4d6kh3 | 3 | 18",
            "4d6dl1 | 3 | 18",
            "2d20kh | 1 | 20",
            "2d20kl + 5 | 6 | 25",
            "1d6 * 2 - 1 | 1 | 11",
            "(2d4) / 2 | 1 | 4",
            "1d20min10 | 10 | 20",
            "1d20max5 | 1 | 5",
            "10d6cs>4 | 0 | 10",
            "10d6cf<2 | 0 | 10",
            "1d8 - 1d8 | -7 | 7",
            "d% | 1 | 100",
            "-1d4 | -4 | -1",
            "3d6r1 | 3 | 18",
            "1d4xo | 1 | 8",
    })
    void totalsStayWithinTheFormulasBounds(String formula, double min, double max) {
        for (int seed = 0; seed < SEEDS; seed++) {
            var total = new Dice(new SplittableRandom(seed)).roll(formula).total();
            assertThat(total).as("%s seed %d", formula, seed).isBetween(min, max);
        }
    }

    @Test
    void keepAndDropLeaveExactlyTheRightNumberOfActiveDice() {
        for (int n = 0; n <= 8; n++) {
            for (int k = 0; k <= 10; k++) {
                int count = Math.max(k, 1); // Foundry reads a zero count as one
                for (int seed = 0; seed < 20; seed++) {
                    var dice = new Dice(new SplittableRandom(seed));
                    assertThat(activeCount(dice, n + "d6kh" + k)).isEqualTo(Math.min(count, n));
                    assertThat(activeCount(dice, n + "d6kl" + k)).isEqualTo(Math.min(count, n));
                    assertThat(activeCount(dice, n + "d6dl" + k)).isEqualTo(Math.max(n - count, 0));
                    assertThat(activeCount(dice, n + "d6dh" + k)).isEqualTo(Math.max(n - count, 0));
                }
            }
        }
    }

    @Test
    void keptDiceAreNeverLowerThanDroppedOnes() {
        for (int seed = 0; seed < SEEDS; seed++) {
            var term = new Dice(new SplittableRandom(seed)).roll("6d10kh3").dice().getFirst();
            int lowestKept = term.results().stream().filter(DieResult::active).mapToInt(DieResult::result).min().orElseThrow();
            int highestDropped = term.results().stream().filter(r -> !r.active()).mapToInt(DieResult::result).max().orElseThrow();
            assertThat(lowestKept).isGreaterThanOrEqualTo(highestDropped);
        }
    }

    @Test
    void rerollsAlwaysLeaveOneActiveResultPerDie() {
        for (int seed = 0; seed < SEEDS; seed++) {
            var dice = new Dice(new SplittableRandom(seed));
            assertThat(activeCount(dice, "10d6r<4")).isEqualTo(10);
            assertThat(activeCount(dice, "10d6rr<4")).isEqualTo(10);
            var term = dice.roll("10d6rr<4").dice().getFirst();
            assertThat(term.results()).filteredOn(DieResult::active).allSatisfy(r -> assertThat(r.result()).isGreaterThanOrEqualTo(4));
            assertThat(term.results()).filteredOn(r -> !r.active()).allSatisfy(r -> assertThat(r.rerolled()).isTrue());
        }
    }

    @Test
    void explosionsNeverExceedTheCap() {
        for (int number : new int[] {1, 10, 100, 400, 600, 999}) {
            for (int seed = 0; seed < 30; seed++) {
                var dice = new Dice(new SplittableRandom(seed));
                try {
                    var term = dice.roll(number + "d2x").dice().getFirst();
                    assertThat(term.results().size()).isLessThanOrEqualTo(Limits.MAX_CHECKED_RESULTS);
                    long exploded = term.results().stream().filter(DieResult::exploded).count();
                    assertThat(exploded).isEqualTo(term.results().size() - number);
                    assertThat(term.results()).filteredOn(DieResult::exploded).allSatisfy(r -> assertThat(r.result()).isEqualTo(2));
                } catch (FormulaException e) {
                    assertThat(e).hasMessage(ModifierEngine.RECURSION_MESSAGE);
                    assertThat(number).as("only a long chain may hit the cap").isGreaterThanOrEqualTo(400);
                }
                var once = dice.roll(number + "d2xo").dice().getFirst();
                assertThat(once.results().size()).isLessThanOrEqualTo(2 * number);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameRoll() {
        var first = new Dice(new SplittableRandom(99)).roll("4d6r1kh3 + 2d20kl + 1d8x");
        var second = new Dice(new SplittableRandom(99)).roll("4d6r1kh3 + 2d20kl + 1d8x");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void everyFaceOfAD6ComesUpEquallyOften() {
        var dice = new Dice(new SplittableRandom(42));
        var counts = new int[7];
        int rolls = 60_000;
        for (int i = 0; i < rolls; i++) counts[(int) dice.roll("1d6").total()]++;
        for (int face = 1; face <= 6; face++) {
            assertThat((double) counts[face]).as("face %d", face).isCloseTo(rolls / 6.0, within(rolls / 6.0 * 0.05));
        }
    }

    @Test
    void meansMatchTheory() {
        // 20,000 rolls each; every tolerance is at least four standard errors of the mean.
        assertThat(mean("2d6", 20_000)).isCloseTo(7.0, within(0.07));
        // E[max of two d20] = 13.825, E[min] = 7.175.
        assertThat(mean("2d20kh", 20_000)).isCloseTo(13.825, within(0.15));
        assertThat(mean("2d20kl", 20_000)).isCloseTo(7.175, within(0.15));
        assertThat(mean("d%", 20_000)).isCloseTo(50.5, within(0.9));
        // An exploding d6 averages 3.5 * 6/5 = 4.2.
        assertThat(mean("1d6x", 20_000)).isCloseTo(4.2, within(0.1));
    }

    private static int activeCount(Dice dice, String formula) {
        return (int) dice.roll(formula).dice().getFirst().results().stream().filter(DieResult::active).count();
    }

    private static double mean(String formula, int rolls) {
        var dice = new Dice(new SplittableRandom(2024));
        double sum = 0;
        for (int i = 0; i < rolls; i++) sum += dice.roll(formula).total();
        return sum / rolls;
    }
}
