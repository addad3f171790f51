package io.jobqueue.tasks;

import java.sql.SQLException;
import java.util.List;

/** How the jobs that run task stages reach the queue from inside a task store transaction. */
interface Dispatch {
    /**
     * Queues one job per task to run {@code stage} of it, so that the jobs exist if and only if {@code t}
     * commits (or, without a shared transaction, are sent at least once after it commits).
     */
    void enqueue(Transaction t, String taskName, List<Long> taskIds, int stage, long priority, long ttrMs)
            throws SQLException;
}
