package org.foundryrelay.sim.world;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import org.foundryrelay.sim.dice.DieResult;
import org.foundryrelay.sim.dice.DieTerm;
import org.foundryrelay.sim.dice.FormulaException;
import org.foundryrelay.sim.dice.Roll;

/**
 * A test roller for formulas like {@code 2d20kh}, {@code 1d20 + 3} or {@code 1d6-1}, whose die faces come
 * from a script, so combat and roll tests do not depend on the dice engine or on chance.
 */
final class ScriptedRoller implements Roller {
    private static final Pattern FORMULA =
            Pattern.compile("\\s*(\\d+)d(\\d+)(kh|kl)?\\s*(?:([+-])\\s*(\\d+))?\\s*");
    private final Deque<Integer> faces = new ArrayDeque<>();
    final List<String> formulas = new ArrayList<>();

    ScriptedRoller then(int... values) {
        for (int v : values) faces.add(v);
        return this;
    }

    int remaining() {
        return faces.size();
    }

    @Override
    public Roll roll(String formula) {
        var m = FORMULA.matcher(formula);
        if (!m.matches()) throw new FormulaException("Unresolved StringTerm " + formula + " requested for evaluation");
        formulas.add(formula);
        int number = Integer.parseInt(m.group(1)), sides = Integer.parseInt(m.group(2));
        var values = new ArrayList<Integer>();
        for (int i = 0; i < number; i++) {
            if (faces.isEmpty()) throw new IllegalStateException("script ran out of dice for " + formula);
            values.add(faces.poll());
        }
        int keep = -1;
        if (m.group(3) != null) {
            keep = 0;
            for (int i = 1; i < values.size(); i++) {
                boolean better = m.group(3).equals("kh") ? values.get(i) > values.get(keep) : values.get(i) < values.get(keep);
                if (better) keep = i;
            }
        }
        var results = new ArrayList<DieResult>();
        int sum = 0;
        for (int i = 0; i < values.size(); i++) {
            boolean active = keep < 0 || keep == i;
            results.add(new DieResult(values.get(i), active, false, false, false, false));
            if (active) sum += values.get(i);
        }
        var term = new DieTerm(number, sides, m.group(3) == null ? "" : m.group(3), List.copyOf(results), sum, null);
        double total = sum;
        if (m.group(4) != null) total += (m.group(4).equals("+") ? 1 : -1) * Integer.parseInt(m.group(5));
        return new Roll(formula, total, List.of(term), List.of(term), true);
    }
}
