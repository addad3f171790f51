package io.jobqueue.worker;

import io.jobqueue.Job;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job this worker holds reserved, from the reserve until its handler has finished with it. Exactly one party
 * settles a job: the handler thread that ran it, or the shutdown that gave it back unstarted or took it from a
 * handler past the deadline; the state moves once, by compare-and-set, to decide which.
 */
final class HeldJob {
    private static final int WAITING = 0;
    private static final int RUNNING = 1;
    private static final int FINISHED = 2;
    private static final int ABANDONED = 3;

    private final Job job;
    private final long touchIntervalNanos;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private volatile Thread thread;
    private volatile long nextTouchNanos;

    /** @param reservedAtNanos {@link System#nanoTime()} taken before the reserve call, so never late */
    HeldJob(Job job, long reservedAtNanos) {
        this.job = job;
        this.touchIntervalNanos = Math.max(1, job.ttr().toNanos() / 2);
        this.nextTouchNanos = reservedAtNanos + touchIntervalNanos;
    }

    Job job() {
        return job;
    }

    /** Claims the job for the calling handler thread; false if shutdown already gave it back. */
    boolean start() {
        thread = Thread.currentThread();
        return state.compareAndSet(WAITING, RUNNING);
    }

    /** The handler returned or threw; false if shutdown took the job from it meanwhile. */
    boolean finish() {
        return state.compareAndSet(RUNNING, FINISHED);
    }

    /** Takes a job no handler has started; true if the caller must now give it back. */
    boolean abandonUnstarted() {
        return state.compareAndSet(WAITING, ABANDONED);
    }

    /** Takes a job from its running handler and interrupts it; true if the caller must now give it back. */
    boolean abandonRunning() {
        if (!state.compareAndSet(RUNNING, ABANDONED)) {
            return false;
        }
        thread.interrupt();
        return true;
    }

    boolean isRunning() {
        return state.get() == RUNNING;
    }

    /** Still reserved by us and not yet settled: the reservation is worth keeping alive. */
    boolean isUnsettled() {
        int s = state.get();
        return s == WAITING || s == RUNNING;
    }

    boolean touchDue(long nowNanos) {
        return nowNanos - nextTouchNanos >= 0;
    }

    /** The reservation was renewed by a touch sent at {@code sentAtNanos}. */
    void touched(long sentAtNanos) {
        nextTouchNanos = sentAtNanos + touchIntervalNanos;
    }

    /** Tries touching again after {@code delayNanos}, or never with {@link Long#MAX_VALUE}. */
    void retryTouchAfter(long nowNanos, long delayNanos) {
        nextTouchNanos = delayNanos == Long.MAX_VALUE ? nowNanos + Long.MAX_VALUE / 2 : nowNanos + delayNanos;
    }

    long touchIntervalNanos() {
        return touchIntervalNanos;
    }
}
