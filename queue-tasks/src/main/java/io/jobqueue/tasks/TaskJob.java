package io.jobqueue.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobqueue.Job;
import java.io.IOException;

/**
 * What a task's job carries: which task, and which of its stages to run. The job holds no state of its own:
 * a repeated or stale job finds the task moved on and does nothing. {@code jobId} is the queue's id of the job
 * that was reserved ({@link #NOT_ADDED} for one about to be added): a stage runs for one job at a time, the one
 * whose claim started it, and another job naming the same task and stage (sent twice through the outbox) does not
 * start it again.
 */
record TaskJob(long task, int stage, long jobId) {
    static final long NOT_ADDED = 0;

    TaskJob(long task, int stage) {
        this(task, stage, NOT_ADDED);
    }

    /** Written by hand: a fan-out writes one per child. */
    String payload() {
        return "{\"task\":" + task + ",\"stage\":" + stage + "}";
    }

    static TaskJob of(Job job) {
        try {
            JsonNode node = TaskJson.MAPPER.readTree(job.payload());
            if (node == null || !node.path("task").canConvertToLong() || !node.path("stage").canConvertToInt()) {
                throw new IllegalArgumentException("job " + job.id() + " in " + job.pipeline()
                        + " is not a task's job: " + job.payloadAsString());
            }
            return new TaskJob(node.get("task").asLong(), node.get("stage").asInt(), job.id());
        } catch (IOException e) {
            throw new IllegalArgumentException("job " + job.id() + " in " + job.pipeline()
                    + " is not a task's job: " + e.getMessage(), e);
        }
    }
}
