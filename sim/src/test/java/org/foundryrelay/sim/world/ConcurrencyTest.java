package org.foundryrelay.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.foundryrelay.sim.world.Fixtures.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.foundryrelay.sim.dice.DieResult;
import org.foundryrelay.sim.dice.DieTerm;
import org.foundryrelay.sim.dice.Roll;
import org.junit.jupiter.api.Test;

/** Concurrent requests against one world keep its state consistent. */
class ConcurrencyTest {

    @Test
    void concurrentRollsAndTurns() throws Exception {
        var die = new DieTerm(1, 20, "", List.of(DieResult.of(10)), 10, null);
        Roller fixed = formula -> new Roll(formula, 10, List.of(die), List.of(die), true);
        var world = World.builder(Fixture.bundled()).roller(fixed).build();
        send(world, "start-encounter", "{'startWithPlayers':true,'startWithSelected':true}");
        var pushes = new AtomicInteger();
        world.attach(m -> pushes.incrementAndGet());
        subscribe(world, "combat-events", 1);
        int threads = 4, perThread = 250;
        var tasks = new ArrayList<Callable<Void>>();
        for (int t = 0; t < threads; t++) {
            tasks.add(() -> {
                for (int i = 0; i < perThread; i++) {
                    assertThat(send(world, "roll", "{'formula':'1d20'}").get("success").asBoolean()).isTrue();
                    assertThat(send(world, "next-turn", null).has("error")).isFalse();
                }
                return null;
            });
        }
        try (var pool = Executors.newFixedThreadPool(threads)) {
            for (var f : pool.invokeAll(tasks)) f.get();
        }
        assertThat(send(world, "rolls", null).get("data")).hasSize(20);
        // 1000 next-turns over 6 combatants: every call pushes exactly one turn event.
        assertThat(pushes.get()).isEqualTo(threads * perThread);
        var combat = send(world, "encounters", null).get("encounters").get(0);
        int steps = threads * perThread;
        assertThat(combat.get("round").asInt()).isEqualTo(1 + steps / 6);
        assertThat(combat.get("turn").asInt()).isEqualTo(steps % 6);
    }
}
