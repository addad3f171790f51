package io.jobqueue.tasks;

import io.jobqueue.InvalidInputException;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a queue that cannot join the store's transaction (beanstalkd, RabbitMQ): the transaction writes one outbox
 * row per job; once it has committed, the rows' jobs are sent with the queue's bulk {@code addJobs} and the rows
 * deleted. A crash between the commit and the send leaves the rows, and the {@link OutboxSweeper} of some worker
 * process sends them. A crash between the send and the delete sends a job twice; a claim starts a stage for one
 * job only ({@code claim_job_id}), so the repeat finds the task claimed or moved on and does nothing.
 */
final class OutboxDispatch implements Dispatch {
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatch.class);

    private final JobQueue queue;
    private final TaskPipelines pipelines;
    private final TaskStore store;
    private final OutboxRows rows;
    private final JobPacking packing;

    OutboxDispatch(JobQueue queue, TaskPipelines pipelines, TaskStore store, JobPacking packing) {
        this.queue = queue;
        this.pipelines = pipelines;
        this.store = store;
        this.packing = packing;
        this.rows = new OutboxRows(store.tables(), store.dialect());
    }

    OutboxRows rows() {
        return rows;
    }

    @Override
    public void enqueue(Transaction t, String taskName, List<Long> taskIds, int stage, JobOptions options)
            throws SQLException {
        if (taskIds.isEmpty()) {
            return;
        }
        if (options.uniqueKey() != null) {
            throw new InvalidInputException("a task's job cannot carry a unique key on a queue that cannot add jobs"
                    + " inside the task store's transaction: its jobs are sent through the store's outbox");
        }
        List<OutboxRows.Row> written = rows.insert(t, taskName, taskIds, stage, options.priority(),
                options.ttr().toMillis(), options.delay().toMillis());
        t.afterCommit(() -> {
            try {
                sendAndDelete(written);
            } catch (RuntimeException e) {
                log.warn("sending {} task jobs after their commit failed; a worker's outbox sweeper sends them: {}",
                        written.size(), e.toString());
            }
        });
    }

    private void sendAndDelete(List<OutboxRows.Row> written) {
        send(written, store.clock().millis());
        store.inTransaction("deleting " + written.size() + " sent outbox rows", t -> {
            rows.delete(t, written);
            return null;
        });
    }

    /**
     * Adds the rows' jobs to the queue, one bulk add per pipeline and set of options, packing the tasks of a stage
     * as {@link JobPacking} says; a delay counts from the time the row was written.
     */
    void send(List<OutboxRows.Row> batch, long now) {
        Map<List<Object>, List<Long>> groups = new LinkedHashMap<>();
        for (OutboxRows.Row row : batch) {
            long delay = Math.max(0, row.createdAt() + row.delayMs() - now);
            groups.computeIfAbsent(List.of(row.name(), row.stage(), row.priority(), row.ttrMs(), delay),
                    k -> new ArrayList<>()).add(row.task());
        }
        for (Map.Entry<List<Object>, List<Long>> group : groups.entrySet()) {
            List<Object> key = group.getKey();
            String name = (String) key.get(0);
            int stage = (Integer) key.get(1);
            JobOptions options = JobOptions.defaults().withPriority((Long) key.get(2))
                    .withTtr(Duration.ofMillis((Long) key.get(3))).withDelay(Duration.ofMillis((Long) key.get(4)));
            List<Long> ids = group.getValue();
            queue.selectPipeline(pipelines.of(name))
                    .addJobs(TaskJob.payloads(ids, stage, packing.perJob(name, stage, ids.size())), options);
        }
    }
}
