package org.foundryrelay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.foundryrelay.bench.report.Fmt;

/** The report's header: the machine, the JDK, the command, and how busy the machine was. */
final class Machine {
    private Machine() {}

    static String describe(BenchOptions options, String[] args, Instant started, double loadBefore, double loadAfter,
                           Instant finished) {
        var sb = new StringBuilder("## Run of ").append(finished).append("\n\n");
        sb.append("| | |\n| --- | --- |\n");
        var shown = userArgs(args);
        sb.append("| command | `./relay bench").append(shown.isEmpty() ? "" : " " + shown).append("` |\n");
        sb.append("| CPU | ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores (nproc) |\n");
        sb.append("| memory | ").append(memory()).append(" |\n");
        sb.append("| JDK | ").append(System.getProperty("java.vm.vendor")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" |\n");
        sb.append("| relay JVM flags | `").append(String.join(" ", options.relayJvmFlags())).append("` |\n");
        sb.append("| load average (1 min) before / after | ").append(Fmt.num(loadBefore, 2)).append(" / ")
                .append(Fmt.num(loadAfter, 2)).append(" |\n");
        sb.append("| duration | ").append(Duration.between(started, finished).toSeconds()).append(" s |\n");
        return sb.toString();
    }

    // The launcher adds --relay-jar and --relay-jvm-flags itself; the flags have their own row.
    private static String userArgs(String[] args) {
        var shown = new java.util.ArrayList<String>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--relay-jar") || args[i].equals("--relay-jvm-flags")) {
                i++;
            } else {
                shown.add(args[i]);
            }
        }
        return String.join(" ", shown);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memory() {
        try {
            var lines = Files.readAllLines(Path.of("/proc/meminfo"));
            return value(lines, "MemTotal:") + " total, " + value(lines, "MemAvailable:") + " available at the end";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String value(java.util.List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith(name)).findFirst()
                .map(l -> Fmt.num(Long.parseLong(l.substring(name.length()).trim().split("\\s+")[0]) / 1024.0 / 1024.0, 1) + " GiB")
                .orElse("?");
    }
}
