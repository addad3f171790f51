package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.awaitGone;
import static io.jobqueue.worker.TestQueues.closeAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerTouchTest {
    private final JobQueue queue = TestQueues.sqlite("touch");

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    @Test
    void job_running_longer_than_its_ttr_is_kept_reserved_and_runs_once() throws Exception {
        List<String> runs = new CopyOnWriteArrayList<>();
        JobHandler slow = job -> {
            runs.add(Thread.currentThread().getName() + " reserves=" + job.reserves());
            Thread.sleep(3_000);
        };
        // Two workers on one pipeline: if the reservation lapsed, the other one would take the job.
        Worker first = Worker.builder(queue).registerWorker("long", slow).concurrency(1).build();
        Worker second = Worker.builder(queue).registerWorker("long", slow).concurrency(1).build();
        long id = queue.selectPipeline("long").addJob("x", JobOptions.defaults().withTtr(Duration.ofSeconds(1)));
        first.start();
        second.start();
        try {
            awaitGone(queue, id);
        } finally {
            closeAndAwait(first);
            closeAndAwait(second);
        }
        assertEquals(1, runs.size(), "handler runs: " + runs);
        assertEquals(1, first.stats().reserved() + second.stats().reserved(), "reserved exactly once");
        assertEquals(1, first.stats().succeeded() + second.stats().succeeded());
    }

    @Test
    void prefetched_job_waiting_for_a_thread_longer_than_its_ttr_stays_reserved() throws Exception {
        List<Long> runs = new CopyOnWriteArrayList<>();
        Worker worker = Worker.builder(queue)
                .registerWorker("queued", job -> {
                    runs.add(job.id());
                    Thread.sleep(2_500);
                })
                .concurrency(1)
                .batchSize(2)
                .build();
        List<Long> ids = queue.selectPipeline("queued")
                .addJobs(List.of("a", "b"), JobOptions.defaults().withTtr(Duration.ofSeconds(1)));
        worker.start();
        try {
            awaitGone(queue, ids.get(0));
            awaitGone(queue, ids.get(1));
        } finally {
            closeAndAwait(worker);
        }
        assertEquals(ids, runs, "each job ran once, in order");
        assertEquals(2, worker.stats().reserved());
    }
}
