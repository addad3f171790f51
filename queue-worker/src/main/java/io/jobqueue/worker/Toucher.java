package io.jobqueue.worker;

import io.jobqueue.BackendException;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the reservations of held jobs alive: touches each job half a TTR after it was reserved or last touched,
 * whether its handler is running or it waits for a thread, so a long job is never handed to another worker.
 */
final class Toucher {
    /** How often held jobs are checked for a due touch. */
    static final Duration TICK = Duration.ofMillis(50);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    /** Bounds a wait for held jobs; a hold or stop() ends it sooner. */
    private static final Duration IDLE_WAIT = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(Toucher.class);

    private final JobQueue queue;
    private final Reservations reservations;
    private final StopSignal stop = new StopSignal();
    private final Thread thread;

    Toucher(JobQueue queue, Reservations reservations, String threadName) {
        this.queue = queue;
        this.reservations = reservations;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops touching; waits for a touch in progress, but not for a backend that hangs. */
    void stop() throws InterruptedException {
        stop.set();
        reservations.wake();
        thread.join(STOP_WAIT.toMillis());
    }

    private void run() {
        while (!stop.isSet()) {
            try {
                // Nothing held, nothing to touch: sleep until a reserve takes jobs in (or stop() wakes us).
                reservations.awaitHeld(stop::isSet, IDLE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (stop.sleep(TICK)) {
                return;
            }
            long now = System.nanoTime();
            for (HeldJob held : reservations.snapshot()) {
                if (held.isUnsettled() && held.touchDue(now)) {
                    touch(held);
                }
            }
        }
    }

    private void touch(HeldJob held) {
        Job job = held.job();
        long sent = System.nanoTime();
        try {
            queue.touch(job);
            held.touched(sent);
            log.debug("touched job {} ({})", job.id(), job.pipeline());
        } catch (BackendException e) {
            long retry = Math.max(TICK.toNanos(), held.touchIntervalNanos() / 4);
            held.retryTouchAfter(System.nanoTime(), retry);
            log.warn("touching job {} ({}) failed, will retry: {}", job.id(), job.pipeline(), e.toString());
        } catch (JobQueueException e) {
            held.retryTouchAfter(System.nanoTime(), Long.MAX_VALUE);
            if (held.isUnsettled()) {
                log.warn("lost the reservation of job {} ({}) before it could be touched; another worker may run it"
                        + " too: {}", job.id(), job.pipeline(), e.getMessage());
            }
        }
    }
}
