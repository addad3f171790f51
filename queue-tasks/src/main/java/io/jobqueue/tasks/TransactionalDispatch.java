package io.jobqueue.tasks;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import java.util.List;

/**
 * The queue's jobs table is in the store's database: jobs are added through the store's own connection, in
 * its transaction ({@link JobQueue#addJobs(java.sql.Connection, java.util.Collection, JobOptions)}), so a task's
 * row and its job commit or roll back together.
 */
final class TransactionalDispatch implements Dispatch {
    private final JobQueue queue;
    private final TaskPipelines pipelines;
    private final JobPacking packing;

    TransactionalDispatch(JobQueue queue, TaskPipelines pipelines, JobPacking packing) {
        this.queue = queue;
        this.pipelines = pipelines;
        this.packing = packing;
    }

    @Override
    public void enqueue(Transaction t, String taskName, List<Long> taskIds, int stage, JobOptions options) {
        if (taskIds.isEmpty()) {
            return;
        }
        int perJob = options.uniqueKey() != null ? 1 : packing.perJob(taskName, stage, taskIds.size());
        List<String> payloads = TaskJob.payloads(taskIds, stage, perJob);
        queue.selectPipeline(pipelines.of(taskName)).addJobs(t.connection(), payloads, options);
    }
}
