package org.foundryrelay.sim.dice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.sim.dice.Rolls.scripted;

import org.junit.jupiter.api.Test;

/**
 * The module's rule (reference §2.7): critical when any result of any top-level dice term equals the
 * first term's faces, fumble when any such result is 1; dropped and rerolled results count too.
 */
class CriticalFumbleTest {

    @Test
    void aNaturalTwentyIsCriticalAndAOneIsAFumble() {
        var twenty = scripted("1d20 + 5", 20);
        assertThat(twenty.isCritical()).isTrue();
        assertThat(twenty.isFumble()).isFalse();
        var one = scripted("1d20 + 5", 1);
        assertThat(one.isCritical()).isFalse();
        assertThat(one.isFumble()).isTrue();
        var plain = scripted("1d20 + 5", 12);
        assertThat(plain.isCritical()).isFalse();
        assertThat(plain.isFumble()).isFalse();
    }

    @Test
    void aDroppedTwentyStillCounts() {
        var disadvantage = scripted("2d20kl", 20, 5);
        assertThat(disadvantage.total()).isEqualTo(5);
        assertThat(disadvantage.isCritical()).isTrue();
        var advantageTie = scripted("2d20kh", 20, 20);
        assertThat(advantageTie.dice().getFirst().results().getFirst().active()).isFalse();
        assertThat(advantageTie.isCritical()).isTrue();
    }

    @Test
    void aDroppedOrRerolledOneStillFumbles() {
        var advantage = scripted("2d20kh", 1, 15);
        assertThat(advantage.total()).isEqualTo(15);
        assertThat(advantage.isFumble()).isTrue();
        var rerolled = scripted("1d20r", 1, 20);
        assertThat(rerolled.isFumble()).isTrue();
        assertThat(rerolled.isCritical()).isTrue();
    }

    @Test
    void laterDiceAreComparedWithTheFirstTermsFaces() {
        var roll = scripted("1d6 + 1d20", 2, 6);
        assertThat(roll.isCritical()).isTrue();
        assertThat(scripted("1d6 + 1d20", 2, 20).isCritical()).isFalse();
    }

    @Test
    void aNumericFirstTermIsNeverCritical() {
        var roll = scripted("5 + 1d20", 20);
        assertThat(roll.firstTermIsDie()).isFalse();
        assertThat(roll.isCritical()).isFalse();
        assertThat(scripted("5 + 1d20", 1).isFumble()).isTrue();
    }

    @Test
    void diceInsideParenthesesOrNegatedAreNotConsidered() {
        assertThat(scripted("(1d20)", 20).isCritical()).isFalse();
        assertThat(scripted("(1d20)", 1).isFumble()).isFalse();
        assertThat(scripted("1d20 + (1d4)", 10, 1).isFumble()).isFalse();
        assertThat(scripted("-1d20", 1).isFumble()).isFalse();
        assertThat(scripted("1d20 + 1d4", 10, 1).isFumble()).isTrue();
    }

    @Test
    void criticalAndFumbleCanBothHold() {
        var roll = scripted("2d20", 1, 20);
        assertThat(roll.isCritical()).isTrue();
        assertThat(roll.isFumble()).isTrue();
    }

    @Test
    void aLeadingPlusKeepsTheDieFirst() {
        assertThat(scripted("+1d20", 20).isCritical()).isTrue();
    }
}
