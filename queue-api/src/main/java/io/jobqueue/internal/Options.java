package io.jobqueue.internal;

import io.jobqueue.InvalidInputException;
import io.jobqueue.QueueSettings;
import java.util.Set;
import java.util.TreeSet;

/** Reads a backend's options from {@link QueueSettings#options()} the same way in every backend. */
public final class Options {
    private Options() {}

    /** Refuses an option {@code backend} does not know (a mistyped name would otherwise be ignored). */
    public static void requireKnown(QueueSettings settings, String backend, Set<String> known) {
        for (String name : settings.options().keySet()) {
            if (!known.contains(name)) {
                throw new InvalidInputException("unknown option '" + name + "' for the " + backend
                        + " backend; known options: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /** The option {@code name} as a whole number of at least 1, or {@code fallback} when it is not set. */
    public static int positiveInt(QueueSettings settings, String name, int fallback) {
        String value = settings.options().get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("option " + name + " must be a whole number of at least 1, got '" + value
                + "'");
    }
}
