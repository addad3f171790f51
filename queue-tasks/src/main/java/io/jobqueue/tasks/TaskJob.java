package io.jobqueue.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobqueue.Job;
import java.io.IOException;

/**
 * What a task's job carries: which task, and which of its stages to run. The job holds no state of its own:
 * a repeated or stale job finds the task moved on and does nothing.
 */
record TaskJob(long task, int stage) {

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
            return new TaskJob(node.get("task").asLong(), node.get("stage").asInt());
        } catch (IOException e) {
            throw new IllegalArgumentException("job " + job.id() + " in " + job.pipeline()
                    + " is not a task's job: " + e.getMessage(), e);
        }
    }
}
