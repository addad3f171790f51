package io.jobqueue.worker;

import static org.junit.jupiter.api.Assertions.fail;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.QueueSettings;
import io.jobqueue.tck.Await;
import io.jobqueue.tck.SqliteFiles;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Fresh SQLite queues under target/ and bounded waits, for the worker runtime's tests. */
final class TestQueues {
    /** Generous: a wait that takes this long means the behaviour is broken, not slow. */
    static final Duration PATIENCE = Await.PATIENCE;

    private TestQueues() {}

    /** A queue on a new SQLite file that polls often, so delays and releases show up promptly. */
    static JobQueue sqlite(String name) {
        return connect(sqliteUrl(name));
    }

    /** Settings that poll often, so delays and releases show up promptly. */
    static final QueueSettings SETTINGS = QueueSettings.builder().pollInterval(Duration.ofMillis(20)).build();

    static JobQueue connect(String url) {
        return JobQueue.connect(url, SETTINGS);
    }

    /** The URL of a new SQLite file under target/sqlite. */
    static String sqliteUrl(String name) {
        return SqliteFiles.freshUrl(name);
    }

    static void awaitTrue(String what, BooleanSupplier condition) {
        Await.until(what, PATIENCE, condition);
    }

    static void awaitGone(JobQueue queue, long jobId) {
        awaitTrue("job " + jobId + " is deleted", () -> queue.peek(jobId).isEmpty());
    }

    static JobState state(JobQueue queue, long jobId) {
        return queue.peek(jobId).map(Job::state).orElse(null);
    }

    static void closeAndAwait(Worker worker) throws InterruptedException {
        worker.shutdown();
        if (!worker.awaitTermination(PATIENCE)) {
            fail(worker + " did not shut down within " + PATIENCE);
        }
    }
}
