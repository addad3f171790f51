package io.jobqueue.tasks;

import io.jobqueue.JobOptions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * How the jobs that run task stages reach the queue from inside a task store transaction: added in it
 * ({@link TransactionalDispatch}) or written to the store's outbox and sent after it commits ({@link OutboxDispatch}).
 */
interface Dispatch {
    /**
     * Queues one job per task to run {@code stage} of it, so that the jobs exist if and only if {@code t}
     * commits (or, without a shared transaction, are sent at least once after it commits). Of {@code options}
     * the priority, the time to run and the delay count.
     */
    void enqueue(Transaction t, String taskName, List<Long> taskIds, int stage, JobOptions options)
            throws SQLException;

    /** {@link #enqueue(Transaction, String, List, int, JobOptions)} without a delay. */
    default void enqueue(Transaction t, String taskName, List<Long> taskIds, int stage, long priority, long ttrMs)
            throws SQLException {
        enqueue(t, taskName, taskIds, stage, JobOptions.defaults().withPriority(priority)
                .withTtr(Duration.ofMillis(ttrMs)));
    }
}
