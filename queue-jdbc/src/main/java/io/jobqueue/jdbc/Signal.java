package io.jobqueue.jdbc;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Wakes reserves waiting in this process when this process adds or frees a job, so they need not wait for
 * the next poll. Every backend of this process on the same database and table shares one ({@link #of}), so a
 * producer's {@code JobQueue} wakes a worker's at once, on every database. Jobs added by other processes are
 * found by polling (or, on PostgreSQL, by notifications).
 */
final class Signal {
    /** One signal per database and table in this process; few, and kept for the life of the process. */
    private static final ConcurrentMap<String, Signal> SHARED = new ConcurrentHashMap<>();

    private long version;
    private int waiting;

    /**
     * The signal of the database {@code database} names (its URL, or the identity of a caller's {@code
     * DataSource}) and the jobs table {@code table}. Two names for one database only cost wake-ups.
     */
    static Signal of(String database, String table) {
        return SHARED.computeIfAbsent(database + "\n" + table, key -> new Signal());
    }

    synchronized long version() {
        return version;
    }

    /** How many threads wait in {@link #await} now. */
    synchronized int waiting() {
        return waiting;
    }

    synchronized void fire() {
        version++;
        notifyAll();
    }

    /** Waits up to {@code nanos} unless the version has moved past {@code seen}. */
    synchronized void await(long seen, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        waiting++;
        try {
            while (version == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                wait(left / 1_000_000, (int) (left % 1_000_000));
            }
        } finally {
            waiting--;
        }
    }
}
