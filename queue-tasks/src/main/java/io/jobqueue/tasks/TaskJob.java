package io.jobqueue.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobqueue.Job;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a task's job carries: which task, and which of its stages to run. The job holds no state of its own:
 * a repeated or stale job finds the task moved on and does nothing. {@code jobId} is the queue's id of the job
 * that was reserved ({@link #NOT_ADDED} for one about to be added): a stage runs for one job at a time, the one
 * whose claim started it, and another job naming the same task and stage (sent twice through the outbox) does not
 * start it again.
 *
 * <p>One job may carry several tasks, a pack ({@code {"tasks":[…],"stage":0}}): the children of a fan-out whose
 * definition has one stage go out packed (see {@link JobPacking}), so the queue adds, reserves and deletes one job
 * for several children. Each task of a pack is still claimed, run and recorded on its own.
 */
record TaskJob(long task, int stage, long jobId) {
    static final long NOT_ADDED = 0;

    TaskJob(long task, int stage) {
        this(task, stage, NOT_ADDED);
    }

    /** Written by hand: a fan-out writes one per child (or per pack of children). */
    String payload() {
        return "{\"task\":" + task + ",\"stage\":" + stage + "}";
    }

    /** The payloads of the jobs that run {@code stage} of {@code taskIds}, {@code perJob} tasks to a job. */
    static List<String> payloads(List<Long> ids, int stage, int perJob) {
        if (perJob < 1) {
            throw new IllegalArgumentException("perJob must be at least 1, got " + perJob);
        }
        // A task named twice (the outbox can hold two rows for one) would run twice in one pack.
        List<Long> taskIds = perJob == 1 ? ids : List.copyOf(new java.util.LinkedHashSet<>(ids));
        List<String> out = new ArrayList<>((taskIds.size() + perJob - 1) / perJob);
        for (int from = 0; from < taskIds.size(); from += perJob) {
            int to = Math.min(taskIds.size(), from + perJob);
            if (to - from == 1) {
                out.add(new TaskJob(taskIds.get(from), stage).payload());
                continue;
            }
            StringBuilder s = new StringBuilder(16 + 12 * (to - from)).append("{\"tasks\":[");
            for (int i = from; i < to; i++) {
                s.append(i == from ? "" : ",").append(taskIds.get(i));
            }
            out.add(s.append("],\"stage\":").append(stage).append('}').toString());
        }
        return out;
    }

    /** The task, or the tasks of a pack, that {@code job} runs; each carries the job's id. */
    static List<TaskJob> all(Job job) {
        JsonNode node;
        try {
            node = TaskJson.MAPPER.readTree(job.payload());
        } catch (IOException e) {
            throw notATaskJob(job, e.getMessage(), e);
        }
        if (node == null || !node.path("stage").canConvertToInt()) {
            throw notATaskJob(job, job.payloadAsString(), null);
        }
        int stage = node.get("stage").asInt();
        if (node.path("task").canConvertToLong()) {
            return List.of(new TaskJob(node.get("task").asLong(), stage, job.id()));
        }
        JsonNode tasks = node.path("tasks");
        if (!tasks.isArray() || tasks.isEmpty()) {
            throw notATaskJob(job, job.payloadAsString(), null);
        }
        java.util.Set<TaskJob> out = new java.util.LinkedHashSet<>(); // each task once, in order
        for (JsonNode id : tasks) {
            if (!id.canConvertToLong()) {
                throw notATaskJob(job, job.payloadAsString(), null);
            }
            out.add(new TaskJob(id.asLong(), stage, job.id()));
        }
        return List.copyOf(out);
    }

    private static IllegalArgumentException notATaskJob(Job job, String what, Exception cause) {
        return new IllegalArgumentException("job " + job.id() + " in " + job.pipeline() + " is not a task's job: "
                + what, cause);
    }
}
