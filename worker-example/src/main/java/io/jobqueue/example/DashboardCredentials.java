package io.jobqueue.example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's {@code user:password}, never from the command line (an argument shows in {@code ps}): from the
 * first non-blank line of the file {@code --credentials-file} names, else from the environment variable
 * {@value #ENV}. No message ever repeats what the file or the variable holds.
 *
 * @param user the user name, without ':'
 * @param password the password, everything after the first ':'
 */
record DashboardCredentials(String user, String password) {
    static final String ENV = "JOBQUEUE_DASHBOARD_CREDENTIALS";
    static final String OPTION = "credentials-file";

    @Override
    public String toString() {
        return "DashboardCredentials[user=" + user + ", password=****]";
    }

    /** The credentials {@code args} or {@code env} give, or empty when neither gives any. */
    static Optional<DashboardCredentials> read(Args args, Map<String, String> env) {
        if (args.has(OPTION)) {
            Path file = Path.of(args.require(OPTION));
            String line;
            try {
                line = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                        .filter(l -> !l.isEmpty()).findFirst()
                        .orElseThrow(() -> new UsageException("--" + OPTION + " " + file + " is empty: write"
                                + " user:password on its first line"));
            } catch (IOException e) {
                throw new UsageException("--" + OPTION + ": cannot read " + file + " ("
                        + e.getClass().getSimpleName() + ")");
            }
            return Optional.of(parse(line, "the first line of --" + OPTION + " " + file));
        }
        String value = env.get(ENV);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(parse(value.strip(), "$" + ENV));
    }

    private static DashboardCredentials parse(String text, String where) {
        int colon = text.indexOf(':');
        if (colon < 1 || colon == text.length() - 1) {
            throw new UsageException(where + " must be user:password (a user name without ':', a password that is"
                    + " not empty)");
        }
        return new DashboardCredentials(text.substring(0, colon), text.substring(colon + 1));
    }
}
