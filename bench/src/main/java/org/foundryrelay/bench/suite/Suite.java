package org.foundryrelay.bench.suite;

import java.util.ArrayList;
import java.util.List;

/** Runs the chosen benchmarks in a fixed order; one that fails is reported and the rest still run. */
public final class Suite {
    private Suite() {}

    public static List<Section> run(BenchEnv env) {
        var sections = new ArrayList<Section>();
        for (var name : env.options().only()) {
            env.say("running %s", name);
            long t0 = System.nanoTime();
            try {
                sections.add(switch (name) {
                    case "startup" -> StartupBench.run(env);
                    case "throughput" -> ThroughputBench.run(env);
                    case "fanout" -> FanoutBench.run(env);
                    case "worlds" -> WorldScaleBench.run(env);
                    case "cluster" -> ClusterBench.run(env);
                    case "storm" -> ClusterBench.storm(env);
                    case "hop" -> ClusterBench.hopOnly(env);
                    default -> throw new IllegalArgumentException(name);
                });
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                env.say("%s failed: %s", name, e);
                sections.add(new Section(name, "Failed: `" + e + "`\n", false));
            }
            env.say("%s took %d s", name, (System.nanoTime() - t0) / 1_000_000_000);
        }
        return sections;
    }
}
