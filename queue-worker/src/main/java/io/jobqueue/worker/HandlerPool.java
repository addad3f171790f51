package io.jobqueue.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The threads that run handlers, {@code concurrency} of them, taking held jobs in the order they were reserved.
 * Once the worker stops they start no new job; each ends when its current job does.
 */
final class HandlerPool {
    private static final long POLL_MILLIS = 50;

    private final BlockingQueue<HeldJob> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final JobRunner runner;
    private final StopSignal stop;

    HandlerPool(int concurrency, JobRunner runner, StopSignal stop, String threadNamePrefix) {
        this.runner = runner;
        this.stop = stop;
        for (int i = 1; i <= concurrency; i++) {
            Thread thread = new Thread(this::work, threadNamePrefix + i);
            // Daemon: a handler that ignores interruption must not keep the JVM alive after shutdown gave up on it.
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    void submit(HeldJob job) {
        waiting.add(job);
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

    private void work() {
        try {
            while (!stop.isSet()) {
                HeldJob job = waiting.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (job != null && !stop.isSet()) {
                    runner.run(job);
                }
            }
        } catch (InterruptedException e) {
            // interrupted at shutdown between jobs: nothing is running, so just end
        }
    }
}
