package io.jobqueue.worker;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful shutdown of a worker, run once on its own thread after the stop signal is set:
 *
 * <ol>
 *   <li>jobs reserved but not started are released at once, ready for other workers;</li>
 *   <li>the reserve loop ends (its last reserve returns within the reserve timeout; what it got is released);</li>
 *   <li>running handlers get until the deadline to finish; those still running are interrupted and their jobs
 *       released;</li>
 *   <li>the toucher stops, and the acknowledger deletes the jobs that succeeded;</li>
 *   <li>the health endpoint closes.</li>
 * </ol>
 *
 * Nothing stays reserved by a worker that shut down this way.
 */
final class Shutdown {
    /** How long interrupted handlers get to end after the deadline. */
    static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);
    /** How long past its reserve timeout the reserve loop may take to end. */
    static final Duration RESERVE_GRACE = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(Shutdown.class);

    private final JobQueue queue;
    private final WorkerConfig config;
    private final Reservations reservations;
    private final Dispatcher dispatcher;
    private final HandlerPool pool;
    private final Toucher toucher;
    private final Acknowledger acknowledger;
    private final Hooks hooks;

    Shutdown(JobQueue queue, WorkerConfig config, Reservations reservations, Dispatcher dispatcher, HandlerPool pool,
            Toucher toucher, Acknowledger acknowledger, Hooks hooks) {
        this.queue = queue;
        this.config = config;
        this.reservations = reservations;
        this.dispatcher = dispatcher;
        this.pool = pool;
        this.toucher = toucher;
        this.acknowledger = acknowledger;
        this.hooks = hooks;
    }

    /** The longest the sequence can take. */
    Duration worstCase() {
        return config.shutdownTimeout().plus(config.reserveTimeout()).plus(RESERVE_GRACE).plus(INTERRUPT_GRACE)
                .plus(Acknowledger.FINAL_FLUSH_TIMEOUT);
    }

    void run() throws InterruptedException {
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        log.info("shutting down: {} jobs held; running handlers get {} ms to finish", reservations.size(),
                config.shutdownTimeout().toMillis());
        pool.wakeIdle();
        giveBackUnstarted();
        joinDispatcher();
        giveBackUnstarted();
        if (!pool.awaitThreads(deadline)) {
            interruptLateHandlers();
            if (!pool.awaitThreads(System.nanoTime() + INTERRUPT_GRACE.toNanos())) {
                log.warn("a handler ignored interruption and still runs; its job was released already");
            }
        }
        giveBackUnstarted();
        toucher.stop();
        acknowledger.stop();
    }

    private void joinDispatcher() throws InterruptedException {
        long wait = config.reserveTimeout().plus(RESERVE_GRACE).toMillis();
        dispatcher.join(wait);
        if (dispatcher.isAlive()) {
            log.error("the last reserve has not returned after {} ms; jobs it reserves stay reserved until their TTR",
                    wait);
        }
    }

    private void giveBackUnstarted() {
        for (HeldJob held : reservations.snapshotInJobOrder()) {
            if (held.abandonUnstarted()) {
                hooks.dropped(held.job()); // a job taken from a running handler is dropped once the handler returns
                giveBack(held, "not started");
            }
        }
    }

    private void interruptLateHandlers() {
        for (HeldJob held : reservations.snapshotInJobOrder()) {
            if (held.abandonRunning()) {
                giveBack(held, "its handler still ran at the shutdown deadline and was interrupted");
            }
        }
    }

    private void giveBack(HeldJob held, String why) {
        Job job = held.job();
        try {
            queue.release(job);
            log.info("released job {} ({}) at shutdown: {}", job.id(), job.pipeline(), why);
        } catch (RuntimeException e) {
            log.warn("could not release job {} ({}) at shutdown ({}); it runs again when its reservation expires: {}",
                    job.id(), job.pipeline(), why, e.toString());
        } finally {
            reservations.forget(held);
        }
    }
}
