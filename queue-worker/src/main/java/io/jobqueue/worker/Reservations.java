package io.jobqueue.worker;

import io.jobqueue.Job;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The jobs this worker holds, and the room to hold more. There is room for {@code concurrency + (reserveThreads
 * + 1) * batchSize} jobs; a reserve waits for room for a whole batch. So the next batch is reserved while the
 * handler threads work through the last one (the reserve's round trip overlaps the work), and with one reserve
 * thread at most two batches wait for a handler thread while every thread is busy.
 */
final class Reservations {
    private final Set<HeldJob> held = ConcurrentHashMap.newKeySet();
    private final Semaphore room;
    private final int batchSize;

    Reservations(int concurrency, int batchSize, int reserveThreads) {
        this.room = new Semaphore(concurrency + (reserveThreads + 1) * batchSize);
        this.batchSize = batchSize;
    }

    int batchSize() {
        return batchSize;
    }

    /** Waits up to {@code millis} for room for a whole batch and claims it; false when there is none yet. */
    boolean claimBatch(long millis) throws InterruptedException {
        return room.tryAcquire(batchSize, millis, TimeUnit.MILLISECONDS);
    }

    /** Takes in the jobs a reserve returned, giving back the room claimed for jobs it did not return. */
    List<HeldJob> hold(List<Job> jobs, long reservedAtNanos) {
        room.release(batchSize - jobs.size());
        List<HeldJob> taken = jobs.stream().map(job -> new HeldJob(job, reservedAtNanos)).toList();
        held.addAll(taken);
        return taken;
    }

    /** Gives the batch room back after a failed reserve. */
    void releaseBatch() {
        room.release(batchSize);
    }

    /** The job is settled (or given back): it no longer counts against the room. */
    void forget(HeldJob job) {
        if (held.remove(job)) {
            room.release();
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
