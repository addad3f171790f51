package io.jobqueue.dashboard;

import io.jobqueue.WorkerInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs succeeded and failed per minute over the last hour, derived from samples of the worker registry: each
 * worker's heartbeat carries its cumulative counts, so what a worker did between two samples is the difference,
 * and the sum of those differences over all workers goes to the minute of the later sample.
 *
 * <ul>
 *   <li>A worker seen for the first time contributes nothing: its counts so far may span hours before the
 *       dashboard started. It counts from its second sample on.
 *   <li>A count that went down, or another start time, is a process that restarted under the same id: it starts
 *       over as a new worker.
 *   <li>A worker no longer listed (stopped cleanly, or forgotten) is dropped; seen again, it is new.
 * </ul>
 *
 * <p>It keeps {@value #MINUTES} buckets in memory and nothing before the first sample: history starts when the
 * dashboard started. Thread-safe: one thread records, any number read.
 */
final class Throughput {
    /** Minutes of history kept. */
    static final int MINUTES = 60;

    private final Clock clock;
    private final long[] minuteOf = new long[MINUTES];
    private final long[] succeeded = new long[MINUTES];
    private final long[] failed = new long[MINUTES];
    private Map<String, WorkerInfo> last = new HashMap<>();
    private Instant since;

    Throughput(Clock clock) {
        this.clock = clock;
        java.util.Arrays.fill(minuteOf, Long.MIN_VALUE);
    }

    /** One minute: its start and the jobs that finished in it. */
    record Minute(Instant start, long succeeded, long failed) {}

    /**
     * The last hour, oldest minute first, ending with the current (partial) minute; minutes before the first
     * sample are left out, so the list is shorter than {@value #MINUTES} for the first hour.
     *
     * @param since the first sample, or null before it
     * @param now when it was read
     */
    record History(Instant since, Instant now, List<Minute> minutes) {
        long succeeded() {
            return minutes.stream().mapToLong(Minute::succeeded).sum();
        }

        long failed() {
            return minutes.stream().mapToLong(Minute::failed).sum();
        }
    }

    /** Adds what each worker did since the previous sample to the current minute. */
    synchronized void record(List<WorkerInfo> workers) {
        Instant now = clock.instant();
        if (since == null) {
            since = now;
        }
        long doneOk = 0;
        long doneFailed = 0;
        Map<String, WorkerInfo> seen = new HashMap<>();
        for (WorkerInfo w : workers) {
            WorkerInfo before = last.get(w.id());
            if (before != null && sameProcess(before, w)) {
                doneOk += w.succeeded() - before.succeeded();
                doneFailed += w.failed() - before.failed();
            }
            seen.put(w.id(), w);
        }
        last = seen;
        long minute = minute(now);
        int slot = slot(minute);
        if (minuteOf[slot] != minute) { // an hour old, or never used: start the minute afresh
            minuteOf[slot] = minute;
            succeeded[slot] = 0;
            failed[slot] = 0;
        }
        succeeded[slot] += doneOk;
        failed[slot] += doneFailed;
    }

    /** The minutes of the last hour from the first sample on. */
    synchronized History history() {
        Instant now = clock.instant();
        List<Minute> minutes = new ArrayList<>(MINUTES);
        if (since != null) {
            long current = minute(now);
            long first = Math.max(current - MINUTES + 1, minute(since));
            for (long m = first; m <= current; m++) {
                int slot = slot(m);
                boolean held = minuteOf[slot] == m;
                minutes.add(new Minute(Instant.ofEpochSecond(m * 60), held ? succeeded[slot] : 0,
                        held ? failed[slot] : 0));
            }
        }
        return new History(since, now, List.copyOf(minutes));
    }

    /** The same process as before: started at the same moment, and no count went down. */
    private static boolean sameProcess(WorkerInfo before, WorkerInfo now) {
        return before.started().equals(now.started()) && now.succeeded() >= before.succeeded()
                && now.failed() >= before.failed();
    }

    private static long minute(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60);
    }

    private static int slot(long minute) {
        return (int) Math.floorMod(minute, (long) MINUTES);
    }
}
