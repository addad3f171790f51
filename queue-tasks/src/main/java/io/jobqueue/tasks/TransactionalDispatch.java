package io.jobqueue.tasks;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * The queue's jobs table is in the store's database: jobs are added through the store's own connection, in
 * its transaction ({@link JobQueue#addJobs(java.sql.Connection, java.util.Collection, JobOptions)}), so a task's
 * row and its job commit or roll back together.
 */
final class TransactionalDispatch implements Dispatch {
    private final JobQueue queue;
    private final TaskPipelines pipelines;

    TransactionalDispatch(JobQueue queue, TaskPipelines pipelines) {
        this.queue = queue;
        this.pipelines = pipelines;
    }

    @Override
    public void enqueue(Transaction t, String taskName, List<Long> taskIds, int stage, JobOptions options) {
        if (taskIds.isEmpty()) {
            return;
        }
        List<String> payloads = new ArrayList<>(taskIds.size());
        for (long id : taskIds) {
            payloads.add(new TaskJob(id, stage).payload());
        }
        queue.selectPipeline(pipelines.of(taskName)).addJobs(t.connection(), payloads, options);
    }
}
