package io.jobqueue.worker;

import io.jobqueue.Job;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The jobs this worker holds, and the room to hold more. With {@code handlers} handler threads, a reserve takes
 * a batch of {@code batchSize * handlers / maxHandlers} jobs (at least one; all of {@code batchSize} when the
 * pool is at its maximum or fixed), and there is room for {@code handlers + (reserveThreads + 1) * batch} jobs;
 * a reserve waits for room for a whole batch. So the next batch is reserved while the handler threads work
 * through the last one (the reserve's round trip overlaps the work), with one reserve thread at most two
 * batches wait for a handler thread while every thread is busy, and as the pool grows or shrinks the room and
 * the batches follow: a worker never holds more jobs than its handlers can start soon.
 */
final class Reservations {
    private final Set<HeldJob> held = ConcurrentHashMap.newKeySet();
    private final IntSupplier handlers;
    private final int maxHandlers;
    private final int batchSize;
    private final int reserveThreads;
    /** Jobs held plus room claimed by reserves in flight; guarded by this. */
    private int taken;

    /** @param handlers the pool's size now */
    Reservations(IntSupplier handlers, int maxHandlers, int batchSize, int reserveThreads) {
        this.handlers = handlers;
        this.maxHandlers = maxHandlers;
        this.batchSize = batchSize;
        this.reserveThreads = reserveThreads;
    }

    /** How many jobs one reserve takes with the pool at its size now. */
    int batchSize() {
        long scaled = ((long) batchSize * handlers.getAsInt() + maxHandlers - 1) / maxHandlers;
        return (int) Math.max(1, Math.min(batchSize, scaled));
    }

    /** The most jobs held (or claimed for reserves in flight) with the pool at its size now. */
    int room() {
        return handlers.getAsInt() + (reserveThreads + 1) * batchSize();
    }

    /**
     * Waits up to {@code millis} for room for a whole batch and claims it; returns the batch's size, or 0 when
     * there is no room yet. {@link #hold} or {@link #releaseBatch} gives back what the reserve did not use.
     */
    synchronized int claimBatch(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            int batch = batchSize();
            if (taken + batch <= room()) {
                taken += batch;
                return batch;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return 0;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Takes in the jobs a reserve of {@code claimed} returned, giving back the room it did not use. */
    List<HeldJob> hold(List<Job> jobs, int claimed, long reservedAtNanos) {
        List<HeldJob> taking = jobs.stream().map(job -> new HeldJob(job, reservedAtNanos)).toList();
        held.addAll(taking);
        give(claimed - jobs.size());
        if (!taking.isEmpty()) {
            wake(); // the toucher, waiting for something to hold
        }
        return taking;
    }

    /**
     * Waits until a job is held, {@code stopped} is true, or {@code max} has passed. {@link #wake} after setting
     * what {@code stopped} reads ends the wait at once.
     */
    synchronized void awaitHeld(BooleanSupplier stopped, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (held.isEmpty() && !stopped.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Wakes {@link #awaitHeld} (and reserves waiting for room, which look again). */
    synchronized void wake() {
        notifyAll();
    }

    /** Gives the claimed room back after a failed reserve. */
    void releaseBatch(int claimed) {
        give(claimed);
    }

    /** The job is settled (or given back): it no longer counts against the room. */
    void forget(HeldJob job) {
        if (held.remove(job)) {
            give(1);
        }
    }

    /** The pool changed size: a reserve waiting for room looks again. */
    synchronized void resized() {
        notifyAll();
    }

    private synchronized void give(int jobs) {
        if (jobs > 0) {
            taken -= jobs;
            notifyAll();
        }
    }

    List<HeldJob> snapshot() {
        return List.copyOf(held);
    }

    /** The held jobs in the order they were added to the queue (for shutdown, where order shows in logs). */
    List<HeldJob> snapshotInJobOrder() {
        return held.stream().sorted(Comparator.comparingLong(h -> h.job().id())).toList();
    }

    int size() {
        return held.size();
    }
}
