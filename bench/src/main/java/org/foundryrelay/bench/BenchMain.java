package org.foundryrelay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.foundryrelay.bench.proc.ProcStats;
import org.foundryrelay.bench.suite.BenchEnv;
import org.foundryrelay.bench.suite.Section;
import org.foundryrelay.bench.suite.Suite;

/**
 * Runs the benchmark suite against the relay jar and prints a markdown report. Everything the relay does
 * is measured from outside, on its own process.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(options.relayJar())) {
            System.err.println("bench: no relay jar at " + options.relayJar() + " (build it first: ./mvnw -DskipTests package)");
            System.exit(2);
        }
        var env = new BenchEnv(options, Path.of(System.getProperty("java.home"), "bin", "java"), ownJar(),
                options.workDir().toAbsolutePath(), System.err);
        cleanWorkDir(env.workDir());
        // Relays and world processes are this process's children: never leave them behind on Ctrl-C.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
        var started = Instant.now();
        double loadBefore = ProcStats.loadAverage();
        List<Section> sections = Suite.run(env);
        double loadAfter = ProcStats.loadAverage();
        var report = Machine.describe(options, args, started, loadBefore, loadAfter,
                Instant.now().truncatedTo(ChronoUnit.SECONDS)) + "\n" + render(sections);
        System.out.print(report);
        System.out.flush();
        Files.createDirectories(options.report().toAbsolutePath().getParent());
        Files.writeString(options.report(), report);
        env.say("report written to %s", options.report());
        System.exit(sections.stream().allMatch(Section::targetsMet) ? 0 : 1);
    }

    private static String render(List<Section> sections) {
        var sb = new StringBuilder();
        for (var s : sections) sb.append("### ").append(s.title()).append("\n\n").append(s.markdown()).append('\n');
        return sb.toString();
    }

    private static Path ownJar() throws Exception {
        return Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    // Old relay stores and logs from an earlier run would only mislead; keep the directory, empty it.
    private static void cleanWorkDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var walk = Files.walk(dir)) {
                var paths = new ArrayList<>(walk.toList());
                paths.sort((a, b) -> b.getNameCount() - a.getNameCount());
                for (var p : paths) if (!p.equals(dir)) Files.deleteIfExists(p);
            }
        }
        Files.createDirectories(dir);
    }
}
