package org.foundryrelay.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.sim.world.Fixtures.*;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The world on the real dice engine, with die faces scripted through the random source. */
class RealDiceTest {

    /** Die faces come from the script (the engine draws each die with {@code nextInt(1, faces + 1)}); ids stay random. */
    static final class ScriptedRandom implements RandomGenerator {
        private final SplittableRandom ids = new SplittableRandom(3);
        private final Deque<Integer> faces = new ArrayDeque<>();

        ScriptedRandom(int... values) {
            for (int v : values) faces.add(v);
        }

        @Override
        public long nextLong() {
            return ids.nextLong();
        }

        @Override
        public int nextInt(int origin, int bound) {
            if (origin != 1) return RandomGenerator.super.nextInt(origin, bound);
            var face = faces.poll();
            if (face == null) throw new IllegalStateException("no scripted face left");
            assertThat(face).isBetween(1, bound - 1);
            return face;
        }
    }

    private final List<com.fasterxml.jackson.databind.node.ObjectNode> pushed;
    private final World world;

    RealDiceTest() {
        world = World.builder(Fixture.bundled()).random(new ScriptedRandom(20, 4, 12, 15, 10, 10, 10, 16))
                .clock(() -> NOW).build();
        pushed = attachOutbox(world);
    }

    @Test
    void rollsThroughTheDiceEngine() {
        var reply = send(world, "roll", "{'formula':'2d20kh','createChatMessage':true}");
        assertThat(reply.get("success").asBoolean()).as(reply.toString()).isTrue();
        var roll = reply.get("data").get("roll");
        assertThat(roll.get("total").isIntegralNumber()).isTrue();
        assertThat(roll.get("total").asInt()).isEqualTo(20);
        assertThat(roll.get("isCritical").asBoolean()).isTrue();
        assertThat(roll.get("dice").toString()).isEqualTo(
                "[{\"faces\":20,\"results\":[{\"result\":20,\"active\":true},{\"result\":4,\"active\":false}]}]");
    }

    @Test
    void invalidFormulaCarriesTheEngineMessage() {
        var reply = send(world, "roll", "{'formula':'2d20 +* ('}");
        assertThat(reply.get("success").asBoolean()).isFalse();
        assertThat(reply.get("error").asText()).startsWith("Failed to roll formula: ").hasSizeGreaterThan(24);
        assertThat(send(world, "roll", "{'formula':''}").get("error").asText()).startsWith("Failed to roll formula: ");
    }

    @Test
    void initiativeUsesTheActorsBonus() {
        subscribe(world, "roll-events", 1);
        send(world, "roll", "{'formula':'2d20kh'}"); // uses 20 and 4
        var start = send(world, "start-encounter", "{'startWithPlayers':true,'startWithSelected':true,'rollAll':true}");
        var initiatives = start.get("encounter").get("combatants").findValuesAsText("initiative");
        assertThat(initiatives).containsExactly("15", "15", "12", "12", "12", "20");
        assertThat(pushed).hasSize(6);
        assertThat(pushed.getFirst().get("data").get("formula").asText()).isEqualTo("1d20 + 3");
        assertThat(send(world, "rolls", "{'limit':7}").get("data")).hasSize(7);
    }
}
