package io.jobqueue.tasks;

import io.jobqueue.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Each task name has a pipeline of its own, {@code <prefix><name>}, so a process can run some task names and
 * not others, with a concurrency of their own.
 */
record TaskPipelines(String prefix) {
    public static final String DEFAULT_PREFIX = "tasks.";
    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,49}");

    TaskPipelines {
        if (prefix == null || !LEGAL.matcher(prefix).matches()) {
            throw new InvalidInputException("pipelinePrefix must be 1 to 50 letters, digits or - _ . (not starting"
                    + " with - or .), got '" + prefix + "'");
        }
    }

    String of(String taskName) {
        return prefix + taskName;
    }

    /** The task name a job's pipeline belongs to. */
    String taskName(String pipeline) {
        if (!pipeline.startsWith(prefix)) {
            throw new IllegalArgumentException("pipeline '" + pipeline + "' is not a task pipeline (prefix '"
                    + prefix + "')");
        }
        return pipeline.substring(prefix.length());
    }
}
