package io.jobqueue.tasks;

import io.jobqueue.InvalidInputException;
import java.util.regex.Pattern;

/**
 * The names of the task store's tables: one prefix, then {@code tasks}, {@code task_stages} and {@code task_outbox}
 * (jobs to send, for a queue that cannot join the store's transaction; see {@link OutboxDispatch}).
 */
record TaskTables(String prefix) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,39}");

    TaskTables {
        if (prefix == null || !IDENTIFIER.matcher(prefix).matches()) {
            throw new InvalidInputException("tablePrefix must be 1 to 40 letters, digits or _, not starting with a"
                    + " digit; got '" + prefix + "'");
        }
    }

    String tasks() {
        return prefix + "tasks";
    }

    String stages() {
        return prefix + "task_stages";
    }

    String outbox() {
        return prefix + "task_outbox";
    }
}
