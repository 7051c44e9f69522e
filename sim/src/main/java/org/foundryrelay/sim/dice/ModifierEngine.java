package org.foundryrelay.sim.dice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Applies modifiers to a term's results, one at a time in the order written, with Foundry's rules.
 *
 * <p>Where Foundry's code departs from its own documentation in a way nobody relies on, the
 * documentation wins and the method says so: dropping (or keeping none of) every die drops them all;
 * {@code r} and {@code xo} look only at the results present when they start; {@code cs} without a
 * target counts maximum faces.
 */
final class ModifierEngine {
    static final String RECURSION_MESSAGE = "Maximum recursion depth for exploding dice roll exceeded";

    private ModifierEngine() {}

    static void apply(Modifier modifier, TermState term) {
        switch (modifier) {
            case Modifier.KeepOrDrop m -> keepOrDrop(term, m.keep(), m.highest(), m.count());
            case Modifier.Reroll m -> reroll(term, m);
            case Modifier.Explode m -> explode(term, m);
            case Modifier.Clamp m -> clamp(term, m.minimum(), m.bound());
            case Modifier.Count m -> count(term, m);
            case Modifier.CountParity m -> {
                for (var r : term.results) {
                    r.success = (r.face % 2 == 0) == m.even();
                    r.count = r.success ? 1 : 0;
                }
            }
            case Modifier.Deduct m -> deduct(term, m);
            case Modifier.Margin m -> {
                if (Boolean.TRUE.equals(m.success())) term.marginSuccess = m.target();
                else if (Boolean.FALSE.equals(m.success())) term.marginFailure = m.target();
            }
        }
    }

    /**
     * Discards active results until {@code count} are kept ({@code keep}) or {@code count} are gone. Ties
     * at the cut are discarded in the order rolled, so for {@code 2d20kh} showing 7 and 7 the first is
     * dropped. (Foundry's code drops nothing when asked to drop every active die; this drops them all.)
     */
    private static void keepOrDrop(TermState term, boolean keep, boolean highest, int count) {
        var active = term.results.stream().filter(r -> r.active).toList();
        int discard = Math.clamp(keep ? (long) active.size() - count : count, 0, active.size());
        if (discard == 0) return;
        if (discard == active.size()) {
            active.forEach(r -> r.active = false);
            return;
        }
        // Discarding from the low end when keeping the highest or dropping the lowest.
        boolean lowEnd = keep == highest;
        var order = Comparator.<Integer>naturalOrder();
        var values = active.stream().map(r -> r.face).sorted(lowEnd ? order : order.reversed()).toList();
        int cut = values.get(discard);
        int discarded = 0;
        var ties = new ArrayList<TermState.Result>();
        for (var r : active) {
            if (lowEnd ? r.face < cut : r.face > cut) {
                r.active = false;
                discarded++;
            } else if (r.face == cut) {
                ties.add(r);
            }
        }
        for (var r : ties) {
            if (discarded >= discard) break;
            r.active = false;
            discarded++;
        }
    }

    /** Replaces each matching active result by a new die; {@code rr} also checks the new dice. */
    private static void reroll(TermState term, Modifier.Reroll m) {
        forEachCandidate(term, m.recursive(), m.limit(), r -> {
            if (!m.comparison().test(r.face, m.target())) return false;
            r.rerolled = true;
            r.active = false;
            term.rollOne();
            return true;
        });
    }

    /** Adds a die for each matching active result; {@code x} also checks the added dice. */
    private static void explode(TermState term, Modifier.Explode m) {
        int target = m.target() == null ? term.faces : m.target();
        forEachCandidate(term, m.recursive(), m.limit(), r -> {
            if (!m.comparison().test(r.face, target)) return false;
            r.exploded = true;
            term.rollOne();
            return true;
        });
    }

    private interface Action {
        /** Acts on an active result; true if it used up one of the modifier's limited uses. */
        boolean act(TermState.Result result);
    }

    /**
     * Walks the results (growing as dice are added when {@code recursive}) until the limit is spent.
     * Like Foundry, fails once more than {@link Limits#MAX_CHECKED_RESULTS} results have been checked,
     * so {@code 1d6x>=1} cannot run forever.
     */
    private static void forEachCandidate(TermState term, boolean recursive, Integer limit, Action action) {
        int end = term.results.size();
        Integer remaining = limit;
        for (int checked = 0; checked < (recursive ? term.results.size() : end); checked++) {
            var r = term.results.get(checked);
            if (!r.active) continue;
            if (remaining != null && remaining <= 0) return;
            if (action.act(r) && remaining != null) remaining--;
            if (checked + 1 > Limits.MAX_CHECKED_RESULTS) throw new FormulaException(RECURSION_MESSAGE);
        }
    }

    /** Foundry keeps the face and records the bound as the value counted (and flags it rerolled). */
    private static void clamp(TermState term, boolean minimum, int bound) {
        for (var r : term.results) {
            if (minimum ? r.face < bound : r.face > bound) {
                r.count = bound;
                r.rerolled = true;
            }
        }
    }

    /**
     * {@code cs}: every result (dropped ones too) becomes 1 if it matches, else 0, and is flagged
     * success or not; {@code cf} likewise flags failures, so the term's total is the number of
     * matching active dice in both cases (cf does not subtract). Without a target, {@code cs} matches
     * the maximum face and {@code cf} a 1, as documented (Foundry's code compares with NaN instead).
     */
    private static void count(TermState term, Modifier.Count m) {
        int target = m.target() != null ? m.target() : (m.successes() ? term.faces : 1);
        for (var r : term.results) {
            boolean hit = m.comparison().test(r.face, target);
            if (m.successes()) {
                r.success = hit;
                if (hit) r.failure = null;
            } else {
                r.failure = hit;
                if (hit) r.success = null;
            }
            r.count = hit ? 1 : 0;
        }
    }

    /** {@code df}/{@code sf}: marks failures, then counts each as -1 ({@code df}) or minus its face ({@code sf}). */
    private static void deduct(TermState term, Modifier.Deduct m) {
        for (var r : term.results) {
            boolean fails = m.comparison() != null
                    ? m.comparison().test(r.face, m.target())
                    : Boolean.FALSE.equals(r.success);
            if (fails) {
                r.failure = true;
                r.success = null;
            }
            if (r.isFailure()) r.count = m.subtractFace() ? -r.face : -1;
        }
    }

    /** The applied modifiers' texts, concatenated as Foundry shows them on the term. */
    static String describe(List<Modifier> modifiers) {
        var text = new StringBuilder();
        modifiers.forEach(m -> text.append(m.text()));
        return text.toString();
    }
}
