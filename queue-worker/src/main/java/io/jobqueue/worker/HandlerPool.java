package io.jobqueue.worker;

import io.jobqueue.Job;
import io.jobqueue.JobState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run handlers, taking held jobs in the order they were reserved. Their number follows the
 * {@link PoolSizer}: a job handed over while no handler is idle starts another thread (up to the maximum); a
 * thread that finds no job asks the sizer whether to retire, and ends if so, between jobs. Once the worker
 * stops they start no new job; each ends when its current job does.
 */
final class HandlerPool {
    /** Handed to idle threads at shutdown so they look at the stop signal at once; never run. */
    private static final HeldJob WAKE = new HeldJob(new Job(0, "wake", new byte[0], 0, Duration.ofSeconds(1),
            JobState.RESERVED, 0, null, Job.NO_RESERVATION, null), 0);
    /** The longest an idle thread of a fixed pool waits: it has nothing to ask, this only bounds the wait. */
    private static final Duration FIXED_POOL_WAIT = Duration.ofMinutes(1);
    private static final Duration MIN_ASK = Duration.ofMillis(50);
    private static final Duration MAX_ASK = Duration.ofSeconds(1);

    private final BlockingQueue<HeldJob> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final PoolSizer sizer;
    private final JobRunner runner;
    private final StopSignal stop;
    private final String threadNamePrefix;
    /** Told after the pool changed size, so the room to reserve follows. */
    private final Runnable resized;
    /**
     * How long an idle thread waits for a job before it asks the sizer whether to retire: often enough that a
     * shrink decided after an idle window happens soon after it, rarely enough that idle threads cost nothing.
     */
    private final long askEveryNanos;

    HandlerPool(PoolSizer sizer, JobRunner runner, StopSignal stop, String threadNamePrefix, Runnable resized) {
        this.sizer = sizer;
        long quarter = sizer.idleTimeout().dividedBy(4).toNanos();
        this.askEveryNanos = sizer.min() == sizer.max() ? FIXED_POOL_WAIT.toNanos()
                : Math.max(MIN_ASK.toNanos(), Math.min(MAX_ASK.toNanos(), quarter));
        this.runner = runner;
        this.stop = stop;
        this.threadNamePrefix = threadNamePrefix;
        this.resized = resized;
    }

    void start() {
        for (int i = 0; i < sizer.size(); i++) {
            startThread();
        }
    }

    /** Hands held jobs to the handlers; starts more of them if the jobs would otherwise wait behind busy ones. */
    void submit(List<HeldJob> jobs) {
        waiting.addAll(jobs);
        if (stop.isSet() || jobs.isEmpty()) {
            return;
        }
        int add = sizer.grow(waiting.size());
        for (int i = 0; i < add; i++) {
            startThread();
        }
        if (add > 0) {
            resized.run();
        }
    }

    int size() {
        return sizer.size();
    }

    /** After the stop signal is set: idle threads wake up, see it and end (busy ones see it after their job). */
    void wakeIdle() {
        for (int i = threads.size(); i > 0; i--) {
            waiting.add(WAKE);
        }
    }

    int busy() {
        return sizer.busy();
    }

    /** Waits until every thread has ended or {@code deadlineNanos} ({@link System#nanoTime()}) has passed. */
    boolean awaitThreads(long deadlineNanos) throws InterruptedException {
        for (Thread thread : threads) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            }
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private void startThread() {
        Thread thread = new Thread(this::work, threadNamePrefix + sequence.incrementAndGet());
        // Daemon: a handler that ignores interruption must not keep the JVM alive after shutdown gave up on it.
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void work() {
        try {
            while (!stop.isSet()) {
                HeldJob job = waiting.poll(askEveryNanos, TimeUnit.NANOSECONDS);
                if (job == WAKE) {
                    continue;
                }
                if (job == null) {
                    if (sizer.retire(waiting.size(), System.nanoTime())) {
                        threads.remove(Thread.currentThread());
                        resized.run();
                        return;
                    }
                } else if (!stop.isSet()) {
                    sizer.started();
                    try {
                        runner.run(job);
                    } finally {
                        sizer.finished();
                    }
                }
            }
        } catch (InterruptedException e) {
            // interrupted at shutdown between jobs: nothing is running, so just end
        }
    }
}
