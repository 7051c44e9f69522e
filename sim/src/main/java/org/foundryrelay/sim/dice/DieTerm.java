package org.foundryrelay.sim.dice;

import java.util.List;

/**
 * A dice term such as {@code 4d6kh3}: {@code number} dice of {@code faces} sides, every result in the
 * order rolled (dropped ones included, inactive), its modifiers as written and its optional flavor.
 * {@code total} is the term's value (sum of active results, or the success count under cs/cf).
 */
public record DieTerm(int number, int faces, String modifiers, List<DieResult> results, double total, String flavor) {}
