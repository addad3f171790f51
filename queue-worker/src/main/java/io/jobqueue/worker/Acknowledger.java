package io.jobqueue.worker;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the jobs whose handlers succeeded, many per round trip: a batch goes when it is full or
 * {@link #LINGER} after its first job, and whatever is left goes at shutdown. Before each delete the handlers'
 * {@link BatchHooks#beforeDelete} runs for the batch; it failing counts as a failed delete. A delete that fails is
 * retried with backoff; if it never gets through, the job is not lost: it runs again once its reservation expires.
 * At most {@link #PENDING_BATCHES} batches wait to be deleted: beyond that, {@link #add} waits, so handler
 * threads (and so reserves) slow down to the pace the backend deletes at rather than piling up undeleted jobs.
 */
final class Acknowledger {
    /** How long a succeeded job waits for others to share its delete. */
    static final Duration LINGER = Duration.ofMillis(2);
    /** How long the last deletes may keep retrying at shutdown. */
    static final Duration FINAL_FLUSH_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(Acknowledger.class);
    /** How long {@link #add} waits for room at a time before it looks whether the worker is stopping. */
    private static final long ROOM_POLL_MILLIS = 50;
    /** Queued by {@link #stop} so an idle acknowledger wakes at once; never deleted. */
    private static final Job WAKE = new Job(0, "wake", new byte[0], 0, Duration.ofSeconds(1), JobState.RESERVED, 0,
            null, Job.NO_RESERVATION, null);
    static final int PENDING_BATCHES = 4;

    private final BlockingQueue<Job> done = new LinkedBlockingQueue<>();
    private final Semaphore pending;
    private final JobQueue queue;
    private final Hooks hooks;
    private final int batchSize;
    private final Backoff backoff;
    private final Counters counters;
    private final CallWatch deletes;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile long giveUpAtNanos;

    Acknowledger(JobQueue queue, Hooks hooks, int batchSize, Backoff backoff, Counters counters, CallWatch deletes,
            String threadName) {
        this.queue = queue;
        this.hooks = hooks;
        this.batchSize = batchSize;
        this.pending = new Semaphore(PENDING_BATCHES * batchSize);
        this.backoff = backoff;
        this.counters = counters;
        this.deletes = deletes;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues the delete of a job whose handler succeeded; waits while too many are pending (not at shutdown). */
    void add(Job job) {
        try {
            while (!pending.tryAcquire(ROOM_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stopping) {
                    break; // the final flush takes what is queued; a stopped worker never starts again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // queued all the same: the job succeeded
        }
        done.add(job);
    }

    /** Flushes what is queued and stops; waits for the flush, retrying failures for a bounded time. */
    void stop() throws InterruptedException {
        giveUpAtNanos = System.nanoTime() + FINAL_FLUSH_TIMEOUT.toNanos();
        stopping = true;
        done.add(WAKE);
        thread.join(FINAL_FLUSH_TIMEOUT.toMillis() + 1000);
    }

    private void run() {
        List<Job> batch = new ArrayList<>(batchSize);
        int failures = 0;
        try {
            while (true) {
                if (batch.isEmpty()) {
                    if (!collect(batch)) {
                        return;
                    }
                    if (batch.isEmpty()) {
                        continue; // woken by stop() while jobs were still being queued: collect them
                    }
                }
                if (flush(batch)) {
                    settled(batch);
                    failures = 0;
                } else if (stopping && System.nanoTime() - giveUpAtNanos >= 0) {
                    log.error("giving up deleting {} succeeded jobs at shutdown; they run again when their"
                            + " reservations expire: ids {}", batch.size(), ids(batch));
                    batch.forEach(hooks::dropped);
                    settled(batch);
                } else {
                    counters.reconnects.increment();
                    Thread.sleep(backoff.delay(++failures).toMillis());
                }
            }
        } catch (InterruptedException e) {
            log.warn("acknowledger interrupted with {} deletes pending; those jobs run again after their TTR",
                    batch.size() + done.size());
        }
    }

    /** Fills an empty batch: waits for a first job, then up to {@link #LINGER} for more. False when stopped. */
    private boolean collect(List<Job> batch) throws InterruptedException {
        // Idle until a handler succeeds or stop() wakes it; once stopping, only what is queued is left to take.
        Job first = stopping ? done.poll() : done.take();
        if (first == null || first == WAKE) {
            return !(stopping && done.isEmpty());
        }
        batch.add(first);
        long deadline = System.nanoTime() + LINGER.toNanos();
        while (batch.size() < batchSize) {
            done.drainTo(batch, batchSize - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= batchSize || left <= 0 || stopping) {
                break;
            }
            Job next = done.poll(left, TimeUnit.NANOSECONDS);
            if (next == null || next == WAKE) {
                break;
            }
            batch.add(next);
        }
        batch.removeIf(job -> job == WAKE); // taken by drainTo
        return true;
    }

    /**
     * The handlers' {@link BatchHooks#beforeDelete}, then one delete for the batch; false when either failed and
     * the batch must be tried again.
     */
    private boolean flush(List<Job> batch) {
        List<Outcome> outcomes;
        deletes.begin(); // the hooks hold the delete up: a stalled hook shows as a stalled delete
        try {
            try {
                hooks.beforeDelete(batch);
            } catch (Exception e) {
                log.warn("the handlers' work before deleting {} succeeded jobs failed, will retry", batch.size(), e);
                return false;
            }
            try {
                outcomes = queue.deleteEach(batch);
            } catch (RuntimeException e) {
                log.warn("deleting {} succeeded jobs failed, will retry: {}", batch.size(), e.toString());
                return false;
            }
        } finally {
            deletes.end();
        }
        for (int i = 0; i < outcomes.size(); i++) {
            Job job = batch.get(i);
            switch (outcomes.get(i)) {
                case DONE -> { }
                // Only what the backend says now is known: an earlier try of this same delete may have reached
                // the server before its reply was lost (a frozen or restarted server), so NOT_FOUND is no error.
                case NOT_FOUND -> log.warn("job {} ({}) succeeded; its delete found no such job: it is gone already"
                        + " (an earlier try of this delete may have removed it)", job.id(), job.pipeline());
                case RESERVATION_LOST -> log.warn("job {} ({}) succeeded; its delete was refused: the backend"
                        + " reports this worker's reservation as lost (expired, or the job reserved by another"
                        + " worker), so the job may run again", job.id(), job.pipeline());
            }
        }
        return true;
    }

    /** Why the delete in flight counts as stalled, or null. */
    String stalled() {
        return deletes.stalled();
    }

    private void settled(List<Job> batch) {
        pending.release(batch.size());
        batch.clear();
    }

    private static List<Long> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }
}
