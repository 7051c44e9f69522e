package org.foundryrelay.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.foundryrelay.cli.Main;

/** The relay's main class in a JVM of its own, as an operator runs it (logging set up as in production). */
public final class MainProcess {
    private MainProcess() {}

    /** A started {@code relay ARGS} process with these environment variables added. */
    public static Process start(Map<String, String> env, List<String> jvmOptions, String... args) throws IOException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", mainClassPath(), Main.class.getName()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The relay's own class path, without the test classes (whose logging set-up is the tests'). */
    private static String mainClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
