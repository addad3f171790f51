package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.PATIENCE;
import static io.jobqueue.worker.TestQueues.awaitGone;
import static io.jobqueue.worker.TestQueues.awaitTrue;
import static io.jobqueue.worker.TestQueues.closeAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerReconnectTest extends SqliteQueueTest {
    private final FaultyBackend faults = new FaultyBackend();
    private final JobQueue faulty = wrap(faults);

    @Test
    void failing_reserves_are_retried_with_backoff_and_no_job_is_lost() throws Exception {
        faults.reservesToFail.set(4);
        AtomicInteger runs = new AtomicInteger();
        Worker worker = Worker.builder(faulty)
                .registerWorker("mail", job -> runs.incrementAndGet())
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .build();
        List<Long> ids = queue.selectPipeline("mail").addJobs(List.of("a", "b", "c"));
        worker.start();
        try {
            ids.forEach(id -> awaitGone(queue, id));
        } finally {
            closeAndAwait(worker);
        }
        assertEquals(3, runs.get());
        assertEquals(4, worker.stats().reconnects());
        assertEquals(0, faults.reservesToFail.get(), "every injected failure was hit");
    }

    @Test
    void failed_acknowledgement_is_retried_so_the_job_does_not_run_twice() throws Exception {
        faults.deletesToFail.set(3);
        AtomicInteger runs = new AtomicInteger();
        Worker worker = Worker.builder(faulty)
                .registerWorker("mail", job -> runs.incrementAndGet())
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .build();
        long id = queue.selectPipeline("mail").addJob("a");
        worker.start();
        try {
            awaitGone(queue, id);
        } finally {
            closeAndAwait(worker);
        }
        assertEquals(1, runs.get());
        assertEquals(3, worker.stats().reconnects());
    }

    @Test
    void worker_whose_reserves_keep_failing_becomes_unhealthy_and_recovers() throws Exception {
        faults.reservesToFail.set(Integer.MAX_VALUE);
        Worker worker = Worker.builder(faulty)
                .registerWorker("mail", job -> { })
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .build();
        worker.start();
        try {
            awaitTrue("the worker reports unhealthy", () -> !worker.isHealthy());
            assertTrue(worker.stats().reconnects() > 0);
            faults.reservesToFail.set(0);
            awaitTrue("the worker is healthy again", worker::isHealthy);
            long id = queue.selectPipeline("mail").addJob("a");
            awaitGone(queue, id);
        } finally {
            closeAndAwait(worker);
        }
        assertFalse(worker.isHealthy());
        assertTrue(worker.awaitTermination(PATIENCE));
    }
}
