package io.jobqueue.bench;

import io.jobqueue.JobQueue;
import io.jobqueue.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/** What the library does on one backend: enqueue, bulk enqueue, drain with the worker runtime, latency. */
final class QueueBench {
    /** Jobs per addJobs call when measuring bulk enqueue. */
    static final int BULK_BATCH = 1000;
    static final int WORKERS = 8;
    /** Jobs per reserve and per acknowledgement when draining: one durable commit serves this many jobs. */
    static final int DRAIN_BATCH = 256;
    /** Reserve loops per worker when draining (2 measured no faster on 2 cores: the CPU is shared with the server). */
    static final int RESERVE_THREADS = 1;
    private static final byte[] PAYLOAD = "{\"job\":\"noop\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final Supplier<JobQueue> connect;
    private final double seconds;

    /** @param connect opens a new queue instance (a separate backend, as another process would have) */
    QueueBench(Supplier<JobQueue> connect, double seconds) {
        this.connect = connect;
        this.seconds = seconds;
    }

    /** Opens a new queue instance on the bench's backend. */
    Supplier<JobQueue> connect() {
        return connect;
    }

    double enqueuePerSecond(String pipeline) throws Exception {
        try (JobQueue queue = connect.get()) {
            JobQueue q = queue.selectPipeline(pipeline);
            Timing.ratePerSecond(0.5, () -> { q.addJob(PAYLOAD); return 1; }); // warm-up
            return Timing.ratePerSecond(seconds, () -> {
                q.addJob(PAYLOAD);
                return 1;
            });
        }
    }

    double bulkEnqueuePerSecond(String pipeline) throws Exception {
        List<byte[]> batch = Collections.nCopies(BULK_BATCH, PAYLOAD);
        try (JobQueue queue = connect.get()) {
            JobQueue q = queue.selectPipeline(pipeline);
            Timing.ratePerSecond(0.5, () -> q.addJobs(batch).size());
            return Timing.ratePerSecond(seconds, () -> q.addJobs(batch).size());
        }
    }

    /** Adds {@code jobs} no-op jobs quickly (not measured). */
    void fill(String pipeline, int jobs) {
        try (JobQueue queue = connect.get()) {
            JobQueue q = queue.selectPipeline(pipeline);
            for (int from = 0; from < jobs; from += 1_000) {
                q.addJobs(Collections.nCopies(Math.min(1_000, jobs - from), PAYLOAD));
            }
        }
    }

    /**
     * Drains {@code jobs} of the pipeline with the worker runtime ({@value #WORKERS} at once, no-op handler);
     * returns jobs/s from start until every handler has returned (their deletes are batched behind, at most a
     * couple of milliseconds). Records the peak resident memory.
     */
    DrainResult drain(String pipeline, int jobs) throws Exception {
        try (JobQueue queue = connect.get()) {
            Worker worker = Worker.builder(queue).registerWorker(pipeline, job -> { }).concurrency(WORKERS).batchSize(DRAIN_BATCH).reserveThreads(RESERVE_THREADS)
                    .reserveTimeout(Duration.ofMillis(200)).build();
            double peakRss = Timing.rssMib();
            long start = System.nanoTime();
            worker.start();
            while (worker.stats().succeeded() < jobs) {
                Thread.sleep(2);
                if (System.nanoTime() - start > Duration.ofMinutes(3).toNanos()) {
                    worker.close();
                    throw new IllegalStateException("drain of " + jobs + " jobs on " + pipeline + " took over 3 minutes; "
                            + worker.stats());
                }
                peakRss = Math.max(peakRss, Timing.rssMib());
            }
            double perSecond = Timing.perSecond(jobs, start); // every job handled; the last deletes are in flight
            worker.close();
            return new DrainResult(perSecond, peakRss);
        }
    }

    record DrainResult(double perSecond, double peakRssMib) {}

    /**
     * Milliseconds from addJob in one queue instance to the handler starting in another, idle one: p50, p99.
     */
    double[] latencyMillis(String pipeline, int warmup, int samples) throws Exception {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        Semaphore arrived = new Semaphore(0);
        try (JobQueue producerQueue = connect.get(); JobQueue workerQueue = connect.get()) {
            Worker worker = Worker.builder(workerQueue).registerWorker(pipeline, job -> {
                long sent = Long.parseLong(job.payloadAsString());
                latencies.add((System.nanoTime() - sent) / 1e6);
                arrived.release();
            }).concurrency(1).reserveTimeout(Duration.ofSeconds(1)).build();
            worker.start();
            Thread.sleep(500);
            JobQueue producer = producerQueue.selectPipeline(pipeline);
            for (int i = 0; i < warmup + samples; i++) {
                if (i == warmup) {
                    latencies.clear();
                }
                producer.addJob(Long.toString(System.nanoTime()));
                // Blocks rather than spins: a spinning producer would take one of the cores the worker needs.
                arrived.tryAcquire(2, TimeUnit.SECONDS);
                Thread.sleep(i >= warmup ? Bench.LATENCY_GAP.toMillis() : 1);
            }
            worker.close();
        }
        List<Double> all = new ArrayList<>(latencies);
        if (all.size() < samples) {
            throw new IllegalStateException("only " + all.size() + " of " + samples + " latency samples arrived");
        }
        return new double[] {Timing.percentile(all, 50), Timing.percentile(all, 99)};
    }

}
