package io.jobqueue.worker;

import io.jobqueue.JobQueue;
import io.jobqueue.PipelineStats;
import io.jobqueue.internal.FailureLog;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs per state of each registered pipeline, sampled by one thread every {@code depthSampleInterval}, so a
 * metrics scrape or a stats request reads the last sample and never queries the backend itself. Off unless
 * something asks for it ({@link #want()}) before the worker starts.
 */
final class QueueDepths {
    private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);

    private final JobQueue queue;
    private final List<String> pipelines;
    private final Duration interval;
    private final StopSignal stop = new StopSignal();
    private final Thread thread;
    private volatile boolean wanted;
    private volatile Map<String, PipelineStats> latest = Map.of();
    private volatile Runnable alsoEachSample = () -> {};
    private final FailureLog failures;

    QueueDepths(JobQueue queue, List<String> pipelines, Duration interval, String threadName) {
        this.queue = queue;
        this.pipelines = pipelines;
        this.interval = interval;
        this.failures = new FailureLog(log, "sampling queue depths failed; the last sample stays until one succeeds",
                "sampling queue depths works again");
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /** Sampling is needed; call before the worker starts. */
    void want() {
        wanted = true;
    }

    /** Sampling is needed, and {@code task} runs on the sampling thread after each sample. */
    void want(Runnable task) {
        alsoEachSample = task;
        wanted = true;
    }

    void start() {
        if (wanted) {
            thread.start();
        }
    }

    void stop() {
        stop.set();
    }

    /** The last sample of {@code pipeline}, or null before the first one. */
    PipelineStats latest(String pipeline) {
        return latest.get(pipeline);
    }

    /** The last sample of every registered pipeline sampled so far, in registration order. */
    Map<String, PipelineStats> latest() {
        return latest;
    }

    private void run() {
        do {
            sample();
        } while (!stop.sleep(interval));
    }

    private void sample() {
        Map<String, PipelineStats> next = new LinkedHashMap<>(latest);
        try {
            for (String pipeline : pipelines) {
                next.put(pipeline, queue.stats(pipeline));
            }
            failures.succeeded();
        } catch (RuntimeException e) {
            failures.failed(e);
        }
        latest = Collections.unmodifiableMap(next);
        alsoEachSample.run();
    }
}
