package org.foundryrelay.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: positional words and {@code --name value} / {@code --name=value} options, some of
 * which may repeat. Unknown options are refused so a typo never silently changes what a command does.
 */
public final class Args {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();

    private Args() {}

    /**
     * @param valued options that take a value
     * @param flags  options that take none
     */
    public static Args parse(List<String> argv, Set<String> valued, Set<String> flags) {
        var args = new Args();
        for (int i = 0; i < argv.size(); i++) {
            var a = argv.get(i);
            if (!a.startsWith("--")) {
                args.positional.add(a);
                continue;
            }
            var name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name) && value == null) {
                args.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.size()) throw new UsageException("--" + name + " needs a value");
                    value = argv.get(++i);
                }
                args.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return args;
    }

    public List<String> positional() {
        return positional;
    }

    public String option(String name) {
        var values = options.get(name);
        return values == null ? null : values.getLast();
    }

    public String required(String name) {
        var v = option(name);
        if (v == null || v.isBlank()) throw new UsageException("--" + name + " is required");
        return v;
    }

    public List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }
}
