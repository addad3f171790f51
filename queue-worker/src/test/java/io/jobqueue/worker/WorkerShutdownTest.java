package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.PATIENCE;
import static io.jobqueue.worker.TestQueues.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.PipelineStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerShutdownTest {
    private final JobQueue queue = TestQueues.sqlite("shutdown");

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    @Test
    void shutdown_releases_unstarted_jobs_at_once_and_lets_the_running_one_finish() throws Exception {
        List<Long> ids = queue.selectPipeline("slow").addJobs(IntStream.range(0, 10).boxed().toList());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        List<Long> ran = new CopyOnWriteArrayList<>();
        Worker worker = Worker.builder(queue)
                .registerWorker("slow", job -> {
                    ran.add(job.id());
                    started.countDown();
                    assertTrue(mayFinish.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
                })
                .concurrency(1)
                .batchSize(5)
                .shutdownTimeout(PATIENCE)
                .build();
        worker.start();
        assertTrue(started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        awaitTrue("the worker holds two batches: one working, one prefetched", () -> worker.stats().inFlight() == 10);

        worker.shutdown();
        // The nine prefetched jobs go back while the first one still runs.
        awaitTrue("unstarted jobs are ready again", () -> queue.getReadyCount("slow") == 9);
        assertEquals(1, queue.stats("slow").reserved(), "only the running job is still reserved");
        mayFinish.countDown();
        assertTrue(worker.awaitTermination(PATIENCE));

        assertEquals(1, ran.size(), "no job started after shutdown began");
        assertTrue(queue.peek(ran.get(0)).isEmpty(), "the running job completed and was deleted");
        PipelineStats stats = queue.stats("slow");
        assertEquals(0, stats.reserved(), "nothing is left reserved");
        assertEquals(9, stats.ready());
        for (long id : ids) {
            if (id != ran.get(0)) {
                Job job = queue.peek(id).orElseThrow();
                assertEquals(JobState.READY, job.state());
            }
        }
        assertEquals(10, worker.stats().reserved());
        assertEquals(1, worker.stats().succeeded());
        assertEquals(0, worker.stats().retried(), "giving back unstarted jobs is not a retry");
        assertEquals(0, worker.stats().inFlight());
    }

    @Test
    void handler_still_running_at_the_deadline_is_interrupted_and_its_job_released() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Worker worker = Worker.builder(queue)
                .registerWorker("stuck", job -> {
                    started.countDown();
                    try {
                        Thread.sleep(PATIENCE.toMillis() * 4);
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        throw e;
                    }
                })
                .shutdownTimeout(Duration.ofMillis(300))
                .build();
        long id = queue.selectPipeline("stuck").addJob("x");
        worker.start();
        assertTrue(started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));

        long before = System.nanoTime();
        worker.shutdown();
        assertTrue(worker.awaitTermination(PATIENCE));
        long tookMillis = (System.nanoTime() - before) / 1_000_000;

        assertTrue(interrupted.get(), "the handler was interrupted");
        assertTrue(tookMillis >= 300, "the handler got its deadline first; shutdown took " + tookMillis + " ms");
        Job job = queue.peek(id).orElseThrow();
        assertEquals(JobState.READY, job.state(), "released to run elsewhere at once");
        assertTrue(job.error().isEmpty(), "an interrupted job is not a failure");
        assertEquals(0, worker.stats().retried());
        assertEquals(0, worker.stats().buried());
    }

    @Test
    void job_of_a_handler_that_ignores_interruption_is_released_anyway() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Worker worker = Worker.builder(queue)
                .registerWorker("stubborn", job -> {
                    started.countDown();
                    while (true) {
                        try {
                            if (letGo.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                                return;
                            }
                        } catch (InterruptedException ignored) {
                            // a badly behaved handler
                        }
                    }
                })
                .shutdownTimeout(Duration.ofMillis(200))
                .build();
        long id = queue.selectPipeline("stubborn").addJob("x");
        worker.start();
        try {
            assertTrue(started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            worker.shutdown();
            assertTrue(worker.awaitTermination(PATIENCE));
            assertEquals(JobState.READY, TestQueues.state(queue, id));
        } finally {
            letGo.countDown();
        }
        // The late success must not delete the job: it was given back and belongs to whoever takes it next.
        Thread.sleep(200);
        assertEquals(JobState.READY, TestQueues.state(queue, id));
        assertEquals(0, worker.stats().succeeded());
    }

    @Test
    void close_leaves_nothing_reserved_after_processing_many_jobs() throws Exception {
        queue.selectPipeline("bulk").addJobs(IntStream.range(0, 300).boxed().toList());
        Worker worker = Worker.builder(queue)
                .registerWorker("bulk", job -> Thread.sleep(1))
                .concurrency(4)
                .batchSize(16)
                .build();
        worker.start();
        awaitTrue("some jobs are done", () -> worker.stats().succeeded() >= 50);
        worker.close();

        PipelineStats stats = queue.stats("bulk");
        assertEquals(0, stats.reserved(), "nothing is left reserved");
        assertEquals(300 - worker.stats().succeeded(), stats.ready(), "every job not done is ready; none is lost");
        assertEquals(0, worker.stats().inFlight());
    }

    @Test
    void shutdown_is_idempotent_and_a_stopped_worker_cannot_start_again() throws Exception {
        Worker worker = Worker.builder(queue).registerWorker("any", job -> { }).build();
        worker.start();
        assertThrows(IllegalStateException.class, worker::start);
        worker.shutdown();
        worker.shutdown();
        assertTrue(worker.awaitTermination(PATIENCE));
        worker.close();
        assertThrows(IllegalStateException.class, worker::start);
        assertFalse(worker.isHealthy());
    }

    @Test
    void worker_shut_down_before_it_started_is_terminated_at_once() throws Exception {
        Worker worker = Worker.builder(queue).registerWorker("any", job -> { }).build();
        worker.shutdown();
        assertTrue(worker.awaitTermination(Duration.ZERO));
    }

    @Test
    void run_blocks_until_another_thread_shuts_the_worker_down() throws Exception {
        Worker worker = Worker.builder(queue).registerWorker("any", job -> { }).build();
        Thread runner = new Thread(worker::run);
        runner.start();
        awaitTrue("the worker is healthy", worker::isHealthy);
        assertTrue(runner.isAlive());
        worker.shutdown();
        runner.join(PATIENCE.toMillis());
        assertFalse(runner.isAlive());
    }
}
