package io.jobqueue.worker;

import static io.jobqueue.worker.TestQueues.awaitTrue;
import static io.jobqueue.worker.TestQueues.closeAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobQueue;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A pool of {@code concurrency(min, max)} grows under a burst of slow jobs and shrinks back once idle. */
class DynamicPoolTest {
    private static final int MIN = 2;
    private static final int MAX = 12;
    private static final int JOBS = 60;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void a_burst_of_slow_jobs_grows_the_pool_to_max_and_an_idle_queue_shrinks_it_to_min(String database)
            throws Exception {
        CountDownLatch open = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Set<Long> handled = ConcurrentHashMap.newKeySet();
        AtomicInteger runs = new AtomicInteger();
        try (TestDatabase db = new TestDatabase(database)) {
            JobQueue queue = db.queue;
            Worker worker = Worker.builder(queue)
                    .registerWorker("burst", job -> {
                        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                        try {
                            // slow until the test has seen the pool at its maximum
                            open.await(TestQueues.PATIENCE.toSeconds(), TimeUnit.SECONDS);
                        } finally {
                            running.decrementAndGet();
                        }
                        handled.add(job.id());
                        runs.incrementAndGet();
                    })
                    .concurrency(MIN, MAX)
                    .poolIdleTimeout(Duration.ofMillis(300))
                    .reserveTimeout(Duration.ofMillis(200))
                    .build();
            assertEquals(MIN, worker.stats().handlers(), "a new pool has its minimum");
            queue.selectPipeline("burst").addJobs(IntStream.range(0, JOBS).boxed().toList());
            long started = System.nanoTime();
            worker.start();
            try {
                awaitTrue("the pool grows to " + MAX + " handlers, all busy",
                        () -> worker.stats().handlers() == MAX && running.get() == MAX);
                System.out.printf("pool_scale_up_s %s %.3f (%d to %d handlers)%n", database,
                        (System.nanoTime() - started) / 1e9, MIN, MAX);
                WorkerStats atMax = worker.stats();
                // no more held than the handlers can start soon: the running jobs and two batches of MAX
                assertTrue(atMax.inFlight() <= MAX + 2L * MAX, "jobs held at the maximum: " + atMax.inFlight());
                open.countDown();
                awaitTrue("every job ran", () -> handled.size() == JOBS);
                awaitTrue("the idle pool shrinks to " + MIN + " handlers", () -> worker.stats().handlers() == MIN);
                assertEquals(0, worker.stats().busyHandlers());

                long late = queue.selectPipeline("burst").addJob("after the shrink");
                TestQueues.awaitGone(queue, late);
            } finally {
                open.countDown();
                closeAndAwait(worker);
            }
            assertEquals(MAX, mostAtOnce.get(), "most handlers running at once");
            assertEquals(JOBS + 1, runs.get(), "each job ran once: no held job was dropped or repeated");
            assertEquals(JOBS + 1, worker.stats().succeeded());
            assertEquals(0, queue.stats("burst").total(), "every job was deleted");
        }
    }
}
