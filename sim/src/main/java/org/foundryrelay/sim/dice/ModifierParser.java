package org.foundryrelay.sim.dice;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a die's modifier text the way Foundry does.
 *
 * <p>The text is split into pieces of letters followed by non-letters ({@code 4d6r1kh3} gives
 * {@code r1}, {@code kh3}). A piece whose letters name a modifier is read whole. Otherwise its
 * letters are consumed greedily as known commands, longest first, each applied without arguments:
 * {@code khx} is {@code kh} then {@code x}, and {@code ro<3} is plain {@code r} (Foundry has no
 * {@code ro}; {@code r} already rerolls once). Letters that name nothing are ignored, as are
 * modifiers whose arguments do not fit ({@code min} without a number).
 */
final class ModifierParser {
    private static final Pattern PIECE = Pattern.compile("([A-Za-z]+)([^A-Za-z\\s()+\\-*/]+)?");
    /** Every command, longest first so that compound letters match greedily. */
    private static final List<String> COMMANDS = List.of(
            "even", "min", "max", "odd",
            "rr", "xo", "kh", "kl", "dh", "dl", "cs", "cf", "df", "sf", "ms",
            "r", "x", "k", "d");

    private static final Pattern REROLL = Pattern.compile("rr?(\\d+)?([<>=]+)?(\\d+)?");
    private static final Pattern EXPLODE = Pattern.compile("xo?(\\d+)?([<>=]+)?(\\d+)?");
    private static final Pattern KEEP = Pattern.compile("k([hl])?(\\d+)?");
    private static final Pattern DROP = Pattern.compile("d([hl])?(\\d+)?");
    private static final Pattern MINIMUM = Pattern.compile("min(\\d+)");
    private static final Pattern MAXIMUM = Pattern.compile("max(\\d+)");
    /** {@code cs cf df sf ms}: a comparison and a target, both optional. */
    private static final Map<String, Pattern> COUNTING = Stream.of("cs", "cf", "df", "sf", "ms")
            .collect(Collectors.toUnmodifiableMap(c -> c, c -> Pattern.compile(c + "([<>=]+)?(\\d+)?")));

    private ModifierParser() {}

    static List<Modifier> parse(String text) {
        var modifiers = new ArrayList<Modifier>();
        var pieces = PIECE.matcher(text);
        while (pieces.find()) {
            String piece = pieces.group().toLowerCase(Locale.ROOT);
            String letters = pieces.group(1).toLowerCase(Locale.ROOT);
            if (COMMANDS.contains(letters)) {
                read(letters, piece).ifPresent(modifiers::add);
            } else {
                readCompound(letters, modifiers);
            }
            if (modifiers.size() > Limits.MAX_MODIFIERS_PER_TERM) {
                throw new FormulaException("A dice term may carry at most " + Limits.MAX_MODIFIERS_PER_TERM + " modifiers");
            }
        }
        return modifiers;
    }

    private static void readCompound(String letters, List<Modifier> into) {
        var rest = letters;
        while (!rest.isEmpty()) {
            var command = COMMANDS.stream().filter(rest::startsWith).findFirst();
            if (command.isEmpty()) return;
            read(command.get(), command.get()).ifPresent(into::add);
            rest = rest.substring(command.get().length());
        }
    }

    private static Optional<Modifier> read(String command, String text) {
        return switch (command) {
            case "r", "rr" -> Optional.of(reroll(text, command.equals("rr")));
            case "x", "xo" -> Optional.of(explode(text, command.equals("x")));
            case "k", "kh", "kl" -> Optional.of(keepOrDrop(text, KEEP, true));
            case "d", "dh", "dl" -> Optional.of(keepOrDrop(text, DROP, false));
            case "min" -> clamp(text, MINIMUM, true);
            case "max" -> clamp(text, MAXIMUM, false);
            case "cs", "cf" -> Optional.of(count(text, command));
            case "even", "odd" -> Optional.of(new Modifier.CountParity(text, command.equals("even")));
            case "df", "sf" -> Optional.of(deduct(text, command));
            case "ms" -> Optional.of(margin(text));
            default -> Optional.empty();
        };
    }

    private static Modifier reroll(String text, boolean recursive) {
        var m = find(REROLL, text);
        var target = Target.of(m);
        return new Modifier.Reroll(text, target.limit(), target.comparison(),
                target.value() == null ? 1 : target.value(), recursive);
    }

    private static Modifier explode(String text, boolean recursive) {
        var m = find(EXPLODE, text);
        var target = Target.of(m);
        return new Modifier.Explode(text, target.limit(), target.comparison(), target.value(), recursive);
    }

    private static Modifier keepOrDrop(String text, Pattern pattern, boolean keep) {
        var m = find(pattern, text);
        String direction = m.group(1);
        boolean highest = direction == null ? keep : direction.equals("h");
        // Foundry reads the count with parseInt(n) || 1, so a missing or zero count means one.
        int count = m.group(2) == null ? 0 : Terms.saturatedInt(m.group(2));
        return new Modifier.KeepOrDrop(text, keep, highest, count == 0 ? 1 : count);
    }

    private static Optional<Modifier> clamp(String text, Pattern pattern, boolean minimum) {
        var m = pattern.matcher(text);
        if (!m.find()) return Optional.empty();
        return Optional.of(new Modifier.Clamp(text, minimum, Terms.saturatedInt(m.group(1))));
    }

    private static Modifier count(String text, String command) {
        var m = comparisonAndTarget(command, text);
        Integer target = m.group(2) == null ? null : Terms.saturatedInt(m.group(2));
        return new Modifier.Count(text, command.equals("cs"), Comparison.parse(m.group(1)), target);
    }

    private static Modifier deduct(String text, String command) {
        var m = comparisonAndTarget(command, text);
        boolean explicit = m.group(1) != null || m.group(2) != null;
        int target = m.group(2) == null ? 1 : Terms.saturatedInt(m.group(2));
        return new Modifier.Deduct(text, command.equals("sf"), explicit ? Comparison.parse(m.group(1)) : null, target);
    }

    private static Modifier margin(String text) {
        var m = comparisonAndTarget("ms", text);
        String comparison = m.group(1);
        Boolean success = switch (comparison == null ? "=" : comparison) {
            case "=", ">", ">=" -> Boolean.TRUE;
            case "<", "<=" -> Boolean.FALSE;
            default -> null;
        };
        // Without a target Foundry computes with NaN, which leaves the total untouched: a target of 0 does the same.
        int target = m.group(2) == null ? 0 : Terms.saturatedInt(m.group(2));
        return new Modifier.Margin(text, success, target);
    }

    private static Matcher comparisonAndTarget(String command, String text) {
        return find(COUNTING.get(command), text);
    }

    private static Matcher find(Pattern pattern, String text) {
        var m = pattern.matcher(text);
        if (!m.find()) throw new IllegalStateException("modifier text " + text + " does not start with its command");
        return m;
    }

    /**
     * The {@code [limit][comparison][target]} arguments of {@code r} and {@code x}: a lone number is the
     * target ({@code x5} explodes on 5), a number before a comparison is the limit ({@code x2>4}).
     */
    private record Target(Integer limit, Comparison comparison, Integer value) {
        static Target of(Matcher m) {
            String first = m.group(1);
            String comparison = m.group(2);
            String last = m.group(3);
            if (first != null && comparison == null && last == null) {
                return new Target(null, Comparison.EQUAL, Terms.saturatedInt(first));
            }
            return new Target(first == null ? null : Terms.saturatedInt(first), Comparison.parse(comparison),
                    last == null ? null : Terms.saturatedInt(last));
        }
    }
}
