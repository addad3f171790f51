package io.jobqueue.worker;

import io.jobqueue.JobQueue;
import io.jobqueue.Occurrence;
import io.jobqueue.internal.FailureLog;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler loop a worker runs when built with {@link Worker.Builder#runSchedules}: every poll interval it
 * enqueues the schedules that are due ({@link JobQueue#runDueSchedules()}). Any number of processes may run it on
 * one backend; the backend lets one of them enqueue each occurrence. A failing backend is logged once and tried
 * again at the next poll. Stops when the worker's stop signal is set, after the round in flight.
 */
final class Scheduler {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final JobQueue queue;
    private final Duration interval;
    private final StopSignal stop;
    private final Consumer<Occurrence> listener;
    private final Thread thread;
    private final FailureLog failures;

    Scheduler(JobQueue queue, Duration interval, StopSignal stop, Consumer<Occurrence> listener, String threadName) {
        this.queue = queue;
        this.interval = interval;
        this.failures = new FailureLog(log, "running schedules failed; trying again every " + interval.toMillis() + " ms",
                "running schedules works again");
        this.stop = stop;
        this.listener = listener;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits up to {@code timeout} for the loop to end once the stop signal is set; true if it did. */
    boolean awaitStop(Duration timeout) throws InterruptedException {
        if (thread.getState() == Thread.State.NEW) {
            return true;
        }
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    private void run() {
        do {
            runDue();
        } while (!stop.sleep(interval));
    }

    private void runDue() {
        try {
            for (Occurrence occurrence : queue.runDueSchedules()) {
                log.debug("schedule {}: job {} for {}", occurrence.schedule(), occurrence.jobId(),
                        occurrence.scheduledAt());
                listener.accept(occurrence);
            }
            failures.succeeded();
        } catch (RuntimeException e) {
            failures.failed(e);
        }
    }
}
