package io.jobqueue.worker;

import io.jobqueue.JobQueue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * A base for the runtime's tests: a queue on a fresh SQLite file per test, and queues on the same file opened
 * through a {@link FaultyBackend}; all of them closed after the test.
 */
abstract class SqliteQueueTest {
    final String url = TestQueues.sqliteUrl(getClass().getSimpleName());
    final JobQueue queue = TestQueues.connect(url);
    private final List<JobQueue> wrapped = new ArrayList<>();

    @AfterEach
    void closeQueues() {
        wrapped.forEach(JobQueue::close);
        queue.close();
    }

    /** A queue on this test's database whose backend calls go through {@code faulty}. */
    JobQueue wrap(FaultyBackend faulty) {
        JobQueue opened = FaultyBackend.open(url, faulty);
        wrapped.add(opened);
        return opened;
    }
}
