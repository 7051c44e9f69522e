package org.foundryrelay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rooms depend on each other in one direction only: no cycle between the {@code org.foundryrelay}
 * packages, read from the source tree (imports and fully qualified names alike).
 */
class PackageCyclesTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final String ROOT = "org.foundryrelay";
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A reference to a type: the package segments, then a capitalised type name. */
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.foundryrelay((?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void noPackageCycles() throws IOException {
        var graph = dependencies();
        assertThat(graph).as("packages read from %s", SOURCES.toAbsolutePath()).hasSizeGreaterThan(10);
        assertThat(cycles(graph)).as("package cycles").isEmpty();
    }

    @Test
    void aCycleIsFound() {
        var graph = Map.<String, Set<String>>of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertThat(cycles(graph)).containsExactly(List.of("a", "b", "c"));
    }

    /** Package to the packages its sources refer to. */
    private static Map<String, Set<String>> dependencies() throws IOException {
        var graph = new TreeMap<String, Set<String>>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var text = Files.readString(file);
                var declared = PACKAGE.matcher(text);
                if (!declared.find()) continue;
                var from = declared.group(1);
                var targets = graph.computeIfAbsent(from, k -> new TreeSet<>());
                var refs = REFERENCE.matcher(text.substring(declared.end()));
                while (refs.find()) {
                    var to = ROOT + refs.group(1);
                    if (!to.equals(from)) targets.add(to);
                }
            }
        }
        return graph;
    }

    /** The strongly connected components with more than one package (Tarjan), each sorted. */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        var found = new ArrayList<List<String>>();
        new Object() {
            final Map<String, Integer> index = new TreeMap<>();
            final Map<String, Integer> low = new TreeMap<>();
            final List<String> stack = new ArrayList<>();
            int next;

            void run() {
                for (var node : new TreeSet<>(graph.keySet())) if (!index.containsKey(node)) visit(node);
            }

            void visit(String node) {
                index.put(node, next);
                low.put(node, next++);
                stack.add(node);
                for (var to : graph.getOrDefault(node, Set.of())) {
                    if (!index.containsKey(to)) {
                        visit(to);
                        low.put(node, Math.min(low.get(node), low.get(to)));
                    } else if (stack.contains(to)) {
                        low.put(node, Math.min(low.get(node), index.get(to)));
                    }
                }
                if (low.get(node).equals(index.get(node))) {
                    var component = new TreeSet<String>();
                    String top;
                    do {
                        top = stack.removeLast();
                        component.add(top);
                    } while (!top.equals(node));
                    if (component.size() > 1) found.add(List.copyOf(component));
                }
            }
        }.run();
        return found;
    }
}
