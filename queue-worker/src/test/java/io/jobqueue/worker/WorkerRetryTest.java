package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.awaitGone;
import static io.jobqueue.worker.TestQueues.awaitTrue;
import static io.jobqueue.worker.TestQueues.closeAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerRetryTest {
    private final JobQueue queue = TestQueues.sqlite("retry");

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    @Test
    void failed_job_is_retried_with_growing_backoff_until_it_succeeds() throws Exception {
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        List<Integer> reserves = new CopyOnWriteArrayList<>();
        Worker worker = Worker.builder(queue)
                .registerWorker("flaky", job -> {
                    startedAt.add(System.nanoTime());
                    reserves.add(job.reserves());
                    if (startedAt.size() <= 2) {
                        throw new IllegalStateException("failure " + startedAt.size());
                    }
                })
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .build();
        long id = queue.selectPipeline("flaky").addJob("x");
        worker.start();
        awaitGone(queue, id);
        closeAndAwait(worker);

        assertEquals(List.of(1, 2, 3), reserves, "one reservation per attempt");
        long firstGap = startedAt.get(1) - startedAt.get(0);
        long secondGap = startedAt.get(2) - startedAt.get(1);
        long shortestFirstDelay = Duration.ofMillis(200).toNanos() * 8 / 10; // less at most 20 % jitter
        assertTrue(firstGap >= shortestFirstDelay, "first retry waited " + firstGap / 1_000_000 + " ms");
        assertTrue(secondGap > firstGap, "gaps grow: " + firstGap / 1_000_000 + " ms then "
                + secondGap / 1_000_000 + " ms");
        WorkerStats stats = worker.stats();
        assertEquals(3, stats.reserved());
        assertEquals(2, stats.retried());
        assertEquals(1, stats.succeeded());
        assertEquals(0, stats.buried());
        assertEquals(0, stats.inFlight());
    }

    @Test
    void job_failing_every_attempt_is_buried_with_its_error_and_runs_again_when_kicked() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Worker worker = Worker.builder(queue)
                .registerWorker("doomed", job -> {
                    throw new IllegalArgumentException("bad address in call " + calls.incrementAndGet());
                })
                .maxAttempts(3)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .build();
        long id = queue.selectPipeline("doomed").addJob("x");
        worker.start();
        try {
            awaitTrue("the job is buried", () -> TestQueues.state(queue, id) == JobState.BURIED);
            Job buried = queue.peek(id).orElseThrow();
            assertEquals(3, calls.get(), "buried after the third attempt");
            assertEquals(3, buried.reserves());
            String error = buried.error().orElseThrow();
            assertTrue(error.contains("IllegalArgumentException"), error);
            assertTrue(error.contains("bad address in call 3"), error);
            assertEquals(1, queue.getBuriedCount("doomed"));
            assertEquals(2, worker.stats().retried());
            assertEquals(1, worker.stats().buried());

            queue.kick(id);
            awaitTrue("the kicked job has run once more", () -> calls.get() == 4);
            awaitTrue("the job is buried again", () -> TestQueues.state(queue, id) == JobState.BURIED);
            assertTrue(queue.peek(id).orElseThrow().error().orElseThrow().contains("call 4"));
        } finally {
            closeAndAwait(worker);
        }
    }

    @Test
    void kicked_job_that_now_succeeds_is_deleted() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Worker worker = Worker.builder(queue)
                .registerWorker("fixed-later", job -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("downstream down");
                    }
                })
                .maxAttempts(1)
                .build();
        long id = queue.selectPipeline("fixed-later").addJob("x");
        worker.start();
        try {
            awaitTrue("the job is buried", () -> TestQueues.state(queue, id) == JobState.BURIED);
            queue.kick(id);
            awaitGone(queue, id);
            assertEquals(2, calls.get());
        } finally {
            closeAndAwait(worker);
        }
    }

    @Test
    void long_error_messages_are_truncated_in_the_recorded_reason() throws Exception {
        Worker worker = Worker.builder(queue)
                .registerWorker("verbose", job -> {
                    throw new IllegalStateException("x".repeat(100_000));
                })
                .maxAttempts(1)
                .build();
        long id = queue.selectPipeline("verbose").addJob("x");
        worker.start();
        try {
            awaitTrue("the job is buried", () -> TestQueues.state(queue, id) == JobState.BURIED);
            String error = queue.peek(id).orElseThrow().error().orElseThrow();
            assertTrue(error.startsWith("java.lang.IllegalStateException: xxx"), error.substring(0, 60));
            assertTrue(error.length() <= JobRunner.MAX_REASON_LENGTH, "length " + error.length());
        } finally {
            closeAndAwait(worker);
        }
    }
}
