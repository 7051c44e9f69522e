package org.foundryrelay.sim.dice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Shorthands shared by the dice tests. */
final class Rolls {
    private Rolls() {}

    /** Rolls {@code formula} with the given faces and checks that every scripted face was used. */
    static Roll scripted(String formula, int... faces) {
        var random = new ScriptedRandom(faces);
        var roll = new Dice(random).roll(formula);
        assertThat(random.remaining()).as("unused scripted faces for %s", formula).isZero();
        return roll;
    }

    /** The single dice term of a roll of {@code formula}. */
    static DieTerm term(String formula, int... faces) {
        var dice = scripted(formula, faces).dice();
        assertThat(dice).hasSize(1);
        return dice.getFirst();
    }

    static List<Integer> faces(DieTerm term) {
        return term.results().stream().map(DieResult::result).toList();
    }

    static List<Boolean> active(DieTerm term) {
        return term.results().stream().map(DieResult::active).toList();
    }
}
