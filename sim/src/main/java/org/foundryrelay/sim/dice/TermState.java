package org.foundryrelay.sim.dice;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/** The mutable results of one dice term while its modifiers run; frozen into a {@link DieTerm} at the end. */
final class TermState {

    /** One result with Foundry's flags; {@code success}, {@code failure} and {@code count} may be unset (null). */
    static final class Result {
        final int face;
        boolean active = true;
        boolean exploded;
        boolean rerolled;
        Boolean success;
        Boolean failure;
        Integer count;

        Result(int face) {
            this.face = face;
        }

        int value() {
            return count != null ? count : face;
        }

        boolean isSuccess() {
            return Boolean.TRUE.equals(success);
        }

        boolean isFailure() {
            return Boolean.TRUE.equals(failure);
        }

        DieResult freeze() {
            return new DieResult(face, active, exploded, rerolled, isSuccess(), isFailure(), count);
        }
    }

    final int faces;
    final List<Result> results = new ArrayList<>();
    /** Set by {@code ms}; zero means unset, as Foundry tests these options for truthiness. */
    int marginSuccess;
    int marginFailure;
    private final IntSupplier die;

    /** @param die rolls one die of this term's faces */
    TermState(int faces, IntSupplier die) {
        this.faces = faces;
        this.die = die;
    }

    /** Rolls one more die and appends its result. */
    Result rollOne() {
        var result = new Result(die.getAsInt());
        results.add(result);
        return result;
    }

    /** Sum of the active results' values, then the margin of {@code ms} if one was set. */
    double total() {
        double sum = 0;
        for (var r : results) {
            if (r.active) sum += r.value();
        }
        if (marginSuccess != 0) return sum - marginSuccess;
        if (marginFailure != 0) return marginFailure - sum;
        return sum;
    }

    List<DieResult> freeze() {
        return results.stream().map(Result::freeze).toList();
    }
}
