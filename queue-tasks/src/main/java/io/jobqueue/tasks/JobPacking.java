package io.jobqueue.tasks;

import java.util.Map;

/**
 * How many tasks one job carries. The children of a fan-out whose definition has one stage go out several to a
 * job, so the queue adds, reserves and deletes one job where it would have handled each child: up to
 * {@code maxPerJob} to a job, and never so many that fewer than {@link #MIN_JOBS} jobs would share the work (a
 * pack runs on one handler thread, one child after another). Everything else, and any task whose definition this
 * process does not know, goes one to a job.
 */
final class JobPacking {
    /** A fan-out of fewer children than this many times two goes out one child to a job. */
    static final int MIN_JOBS = 128;

    private final Map<String, TaskDefinition> definitions;
    private final int maxPerJob;

    JobPacking(Map<String, TaskDefinition> definitions, int maxPerJob) {
        this.definitions = definitions;
        this.maxPerJob = maxPerJob;
    }

    /** Tasks per job for {@code count} tasks named {@code taskName} at {@code stage}. */
    int perJob(String taskName, int stage, int count) {
        TaskDefinition definition = definitions.get(taskName);
        if (stage != 0 || definition == null || definition.stages().size() != 1) {
            return 1;
        }
        return Math.max(1, Math.min(maxPerJob, count / MIN_JOBS));
    }
}
