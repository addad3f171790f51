package io.jobqueue.example;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of one command: {@code --name value} pairs, checked against the names the command knows.
 * An option given twice keeps every value ({@link #all}); {@link #get} reads the last one.
 */
final class Args {
    private final String command;
    private final Map<String, List<String>> values;

    private Args(String command, Map<String, List<String>> values) {
        this.command = command;
        this.values = values;
    }

    static Args parse(String command, List<String> args, Set<String> known) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException(command + ": unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!known.contains(name)) {
                throw new UsageException(command + ": unknown option --" + name + " (known: --"
                        + String.join(", --", new TreeSet<>(known)) + ")");
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(command + ": option --" + name + " needs a value");
                }
                value = args.get(++i);
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new Args(command, values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Optional<String> find(String name) {
        List<String> all = values.get(name);
        return all == null ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    String get(String name, String fallback) {
        return find(name).orElse(fallback);
    }

    String require(String name) {
        return find(name).orElseThrow(() -> new UsageException(command + ": option --" + name + " is required"));
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    int intValue(String name, int fallback, int min, int max) {
        return (int) longValue(name, fallback, min, max);
    }

    long longValue(String name, long fallback, long min, long max) {
        Optional<String> text = find(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.get().trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(command + ": --" + name + " must be a whole number from " + min + " to " + max
                + ", got '" + text.get() + "'");
    }

    double doubleValue(String name, double fallback, double min, double max) {
        Optional<String> text = find(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(text.get().trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(command + ": --" + name + " must be a number from " + min + " to " + max
                + ", got '" + text.get() + "'");
    }
}
