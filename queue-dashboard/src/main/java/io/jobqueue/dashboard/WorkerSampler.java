package io.jobqueue.dashboard;

import io.jobqueue.JobQueue;
import io.jobqueue.WorkerRecord;
import io.jobqueue.internal.FailureLog;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the worker registry on one background thread every interval and feeds {@link Throughput}: the chart
 * costs one query per interval however many pages and API calls read it. A failed read is logged once and tried
 * again at the next interval; the counts it missed land in the minute of the next good sample.
 */
final class WorkerSampler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerSampler.class);

    private final JobQueue queue;
    private final Throughput throughput;
    private final ScheduledExecutorService thread;
    private final FailureLog failures = new FailureLog(log,
            "could not read the worker registry for the throughput chart; retrying",
            "the worker registry answers again; throughput is sampled again");

    WorkerSampler(JobQueue queue, Throughput throughput, Duration interval) {
        this.queue = queue;
        this.throughput = throughput;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jobqueue-dashboard-sampler");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            throughput.record(queue.listWorkers().stream().map(WorkerRecord::worker).toList());
            failures.succeeded();
        } catch (RuntimeException e) {
            failures.failed(e);
        }
    }

    /** Stops sampling; waits briefly for a read in flight. */
    @Override
    public void close() {
        thread.shutdown(); // no interrupt: a JDBC read in flight ends on its own, within the queue's call timeout
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
