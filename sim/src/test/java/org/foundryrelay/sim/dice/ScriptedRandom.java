package org.foundryrelay.sim.dice;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/**
 * A generator that returns the given die faces in order, so a test states exactly what the dice show.
 * The engine draws each die with {@code nextInt(1, faces + 1)}; any other use is a test failure.
 */
final class ScriptedRandom implements RandomGenerator {
    private final Deque<Integer> faces = new ArrayDeque<>();

    ScriptedRandom(int... faces) {
        for (int face : faces) this.faces.add(face);
    }

    @Override
    public int nextInt(int origin, int bound) {
        if (faces.isEmpty()) throw new AssertionError("the formula rolled more dice than were scripted");
        int face = faces.poll();
        if (face < origin || face >= bound) {
            throw new AssertionError("scripted face " + face + " is outside [" + origin + ", " + bound + ")");
        }
        return face;
    }

    @Override
    public long nextLong() {
        throw new AssertionError("only nextInt(origin, bound) is scripted");
    }

    int remaining() {
        return faces.size();
    }
}
