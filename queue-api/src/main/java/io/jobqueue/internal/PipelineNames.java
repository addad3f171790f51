package io.jobqueue.internal;

import io.jobqueue.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Pipeline names are the same on every backend: 1 to 200 characters out of letters, digits and
 * {@code - + / ; . $ _ ( )}, not starting with a hyphen. These are beanstalkd's tube names, so a name never
 * carries a space or line break into a protocol or a query.
 */
public final class PipelineNames {
    public static final int MAX_LENGTH = 200;
    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9+/;.$_()][A-Za-z0-9\\-+/;.$_()]*");

    private PipelineNames() {}

    public static String check(String name) {
        if (name == null) {
            throw new InvalidInputException("pipeline name must not be null");
        }
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new InvalidInputException("pipeline name must be 1 to " + MAX_LENGTH + " characters, got "
                    + name.length());
        }
        if (!LEGAL.matcher(name).matches()) {
            throw new InvalidInputException("illegal pipeline name '" + printable(name)
                    + "': use letters, digits and - + / ; . $ _ ( ), not starting with -");
        }
        return name;
    }

    private static String printable(String name) {
        return name.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
    }
}
