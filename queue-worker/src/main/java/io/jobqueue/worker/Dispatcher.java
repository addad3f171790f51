package io.jobqueue.worker;

import io.jobqueue.BackendException;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reserve loop, run by {@code reserveThreads} threads: whenever there is room for a batch (whose size
 * follows the pool's, see {@link Reservations}), reserves up to a batch of jobs from the registered pipelines
 * and hands them to the handler threads. A failing backend is retried with backoff; the worker counts as
 * unhealthy once reserves have been failing for longer than the longest backoff.
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final long ROOM_POLL_MILLIS = 50;
    private static final long OK = 0;

    /** A view of the queue watching the registered pipelines. */
    private final JobQueue watching;
    private final Duration reserveTimeout;
    private final Reservations reservations;
    private final HandlerPool pool;
    private final Backoff backoff;
    private final Counters counters;
    private final CallWatch reserves;
    private final StopSignal stop;
    private final List<Thread> threads;
    /** {@link System#nanoTime()} of the first failure of the current run of failed reserves, or {@link #OK}. */
    private volatile long failingSince = OK;

    Dispatcher(JobQueue queue, WorkerConfig config, Reservations reservations, HandlerPool pool,
            Counters counters, StopSignal stop, String threadName) {
        JobQueue view = queue;
        for (String pipeline : config.pipelines()) {
            view = view.watchPipeline(pipeline);
        }
        this.watching = view;
        this.reserveTimeout = config.reserveTimeout();
        this.reservations = reservations;
        this.pool = pool;
        this.backoff = new Backoff(config.reconnectInitial(), config.reconnectMax());
        this.counters = counters;
        this.reserves = new CallWatch("reserve", config.reserveBound());
        this.stop = stop;
        // Not a daemon: a started worker keeps the JVM alive until it is shut down.
        this.threads = java.util.stream.IntStream.range(0, config.reserveThreads())
                .mapToObj(i -> new Thread(this::run, config.reserveThreads() == 1 ? threadName : threadName + "-" + i))
                .toList();
    }

    void start() {
        threads.forEach(Thread::start);
    }

    boolean isAlive() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    /** Waits up to {@code millis} for the loop to end after the stop signal; it ends when its reserve returns. */
    void join(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (Thread thread : threads) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left > 0) {
                thread.join(left);
            }
        }
    }

    /** True unless reserves have been failing for longer than the longest reconnect backoff. */
    boolean reservesHealthy() {
        long since = failingSince;
        return since == OK || System.nanoTime() - since < backoff.max().toNanos();
    }

    /** Why a reserve in flight counts as stalled, or null. */
    String stalled() {
        return reserves.stalled();
    }

    private void run() {
        int failures = 0;
        try {
            while (!stop.isSet()) {
                int claimed = reservations.claimBatch(ROOM_POLL_MILLIS);
                if (claimed == 0) {
                    continue;
                }
                if (stop.isSet()) {
                    reservations.releaseBatch(claimed);
                    return;
                }
                RuntimeException failure = reserveBatch(claimed);
                if (failure == null) {
                    failures = 0;
                    continue;
                }
                counters.reconnects.increment();
                Duration delay = backoff.delay(++failures);
                if (failure instanceof BackendException) {
                    log.warn("reserving from {} failed ({} in a row), retrying in {} ms: {}", watching.watchedPipelines(),
                            failures, delay.toMillis(), failure.toString());
                } else {
                    log.error("reserving from {} failed unexpectedly ({} in a row), retrying in {} ms",
                            watching.watchedPipelines(), failures, delay.toMillis(), failure);
                }
                stop.sleep(delay);
            }
        } catch (InterruptedException e) {
            log.warn("reserve loop interrupted; the worker stops reserving");
        }
    }

    /** One reserve of up to {@code claimed} jobs; returns the failure, or null when the backend answered. */
    private RuntimeException reserveBatch(int claimed) {
        long before = System.nanoTime();
        List<Job> jobs;
        reserves.begin();
        try {
            jobs = watching.reserveJobs(claimed, reserveTimeout);
        } catch (RuntimeException e) {
            reservations.releaseBatch(claimed);
            if (failingSince == OK) {
                failingSince = before == OK ? 1 : before;
            }
            return e;
        } finally {
            reserves.end();
        }
        if (failingSince != OK) {
            log.info("reserving from {} works again", watching.watchedPipelines());
            failingSince = OK;
        }
        counters.timings.reserved(System.nanoTime() - before, jobs.size());
        List<HeldJob> taken = reservations.hold(jobs, claimed, before);
        for (HeldJob held : taken) {
            Job job = held.job();
            counters.of(job.pipeline()).reserved.increment();
            if (log.isDebugEnabled()) { // knownReserves: a log line must not read it from the backend
                log.debug("reserved job {} ({}), attempt {}", job.id(), job.pipeline(),
                        job.knownReserves().isPresent() ? job.knownReserves().getAsInt() : "unknown");
            }
        }
        pool.submit(taken);
        return null;
    }
}
