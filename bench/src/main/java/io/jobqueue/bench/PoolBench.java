package io.jobqueue.bench;

import io.jobqueue.JobQueue;
import io.jobqueue.worker.Worker;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * How fast a dynamic pool grows under a burst: a pool of {@value #MIN} to {@value #MAX} handlers starts on a
 * pipeline holding {@value #JOBS} slow jobs (each holds its handler until the pool has reached its maximum), and
 * the figure is the time from start until {@value #MAX} handlers are running jobs at once.
 */
final class PoolBench {
    static final int MIN = 5;
    static final int MAX = 50;
    static final int JOBS = 2 * MAX;

    private PoolBench() {}

    static double scaleUpSeconds(Supplier<JobQueue> connect, String pipeline) throws Exception {
        try (JobQueue queue = connect.get()) {
            queue.selectPipeline(pipeline).addJobs(Collections.nCopies(JOBS, "slow"));
            AtomicInteger running = new AtomicInteger();
            CountDownLatch atMax = new CountDownLatch(1);
            Worker worker = Worker.builder(queue)
                    .registerWorker(pipeline, job -> {
                        if (running.incrementAndGet() >= MAX) {
                            atMax.countDown();
                        }
                        atMax.await(60, TimeUnit.SECONDS);
                    })
                    .concurrency(MIN, MAX)
                    .heartbeatInterval(Duration.ZERO)
                    .build();
            long start = System.nanoTime();
            worker.start();
            try {
                if (!atMax.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the pool did not reach " + MAX + " running handlers in 60 s: "
                            + worker.stats());
                }
                return (System.nanoTime() - start) / 1e9;
            } finally {
                worker.close();
            }
        }
    }
}
