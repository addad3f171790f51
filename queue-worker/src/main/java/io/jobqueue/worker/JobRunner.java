package io.jobqueue.worker;

import io.jobqueue.BackendException;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one held job on the calling thread and settles it: a success goes to the {@link Acknowledger}; a failure
 * is released to run again after a backoff, or buried with its error once the job has had
 * {@code maxAttempts} reservations.
 */
final class JobRunner {
    /** The MDC key holding the id of the job a handler is running. */
    static final String MDC_JOB_ID = "jobId";
    /** The MDC key holding the pipeline of the job a handler is running. */
    static final String MDC_PIPELINE = "pipeline";
    /** The longest error text recorded with a buried job. */
    static final int MAX_REASON_LENGTH = 2000;

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobQueue queue;
    private final Map<String, JobHandler> handlers;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Reservations reservations;
    private final Acknowledger acknowledger;
    private final Hooks hooks;
    private final Counters counters;
    private final Clock clock;

    JobRunner(JobQueue queue, WorkerConfig config, Reservations reservations, Acknowledger acknowledger, Hooks hooks,
            Counters counters) {
        this.queue = queue;
        this.handlers = config.handlers();
        this.maxAttempts = config.maxAttempts();
        this.backoff = new Backoff(config.backoffInitial(), config.backoffMax());
        this.reservations = reservations;
        this.acknowledger = acknowledger;
        this.hooks = hooks;
        this.counters = counters;
        this.clock = config.clock();
    }

    /** Runs the job unless shutdown gave it back first. */
    void run(HeldJob held) {
        if (!held.start()) {
            return;
        }
        Job job = held.job();
        // A backend that reads the reservation count only when asked (beanstalkd with jobHeader) leaves it
        // unknown here: reading it would cost a round trip per job, so the wait is measured as if first.
        OptionalInt reserves = job.knownReserves();
        if ((reserves.isEmpty() || reserves.getAsInt() == 1) && job.createdAt() != null) {
            Duration wait = Duration.between(job.createdAt(), clock.instant());
            counters.timings.waited(job.pipeline(), wait.isNegative() ? Duration.ZERO : wait);
        }
        PipelineCounts counts = counters.of(job.pipeline());
        MDC.put(MDC_JOB_ID, Long.toString(job.id()));
        MDC.put(MDC_PIPELINE, job.pipeline());
        try {
            Throwable failure = handle(job);
            boolean ours = held.finish();
            Thread.interrupted(); // an interrupt meant for the handler must not reach the next job
            if (!ours) {
                log.info("job {} ({}) ended after shutdown had released it", job.id(), job.pipeline());
                hooks.dropped(job);
                return;
            }
            if (failure == null) {
                counts.succeeded.increment();
                acknowledger.add(job); // waits while too many deletes are pending: the room stays taken meanwhile
                reservations.forget(held);
            } else {
                counts.failed.increment();
                hooks.dropped(job); // while the job is still ours: released, it may come back to this worker
                reservations.forget(held);
                fail(job, counts, failure);
            }
        } finally {
            MDC.remove(MDC_JOB_ID);
            MDC.remove(MDC_PIPELINE);
        }
    }

    private Throwable handle(Job job) {
        JobHandler handler = handlers.get(job.pipeline());
        if (handler == null) {
            return new IllegalStateException("no handler is registered for pipeline '" + job.pipeline() + "'");
        }
        long started = System.nanoTime();
        try {
            handler.handle(job);
            counters.timings.handled(job.pipeline(), System.nanoTime() - started, true);
            log.debug("job {} ({}) succeeded in {} ms", job.id(), job.pipeline(), millisSince(started));
            return null;
        } catch (Throwable t) { // a handler's Error must not kill the thread; the job is settled like a failure
            counters.timings.handled(job.pipeline(), System.nanoTime() - started, false);
            return t;
        }
    }

    private void fail(Job job, PipelineCounts counts, Throwable failure) {
        int attempt = job.reserves();
        try {
            if (attempt >= maxAttempts) {
                log.error("job {} ({}) failed on attempt {} (max attempts {}); burying it", job.id(), job.pipeline(),
                        attempt, maxAttempts, failure);
                queue.bury(job, job.priority(), reason(failure));
                counts.buried.increment();
            } else {
                Duration delay = backoff.delay(attempt);
                log.warn("job {} ({}) failed on attempt {} (max attempts {}); retrying in {} ms: {}", job.id(),
                        job.pipeline(), attempt, maxAttempts, delay.toMillis(), failure.toString());
                queue.release(job, job.priority(), delay);
                counts.retried.increment();
            }
        } catch (BackendException e) {
            log.warn("could not give back failed job {} ({}); it runs again when its reservation expires: {}",
                    job.id(), job.pipeline(), e.toString());
        } catch (JobQueueException e) {
            log.warn("could not give back failed job {} ({}), its reservation was lost: {}", job.id(), job.pipeline(),
                    e.getMessage());
        }
    }

    /** What an operator sees on a buried job: the exception's class and message, and its root cause. */
    static String reason(Throwable failure) {
        StringBuilder text = new StringBuilder(failure.toString());
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != failure) {
            text.append(" (caused by ").append(root).append(')');
        }
        if (text.length() > MAX_REASON_LENGTH) {
            int end = MAX_REASON_LENGTH - 3;
            text.setLength(Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end);
            text.append("...");
        }
        return text.toString();
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
