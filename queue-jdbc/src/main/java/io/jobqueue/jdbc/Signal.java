package io.jobqueue.jdbc;

/**
 * Wakes reserves waiting in this process when this process adds or frees a job, so they need not wait for
 * the next poll. Jobs added by other processes are found by polling (or, on PostgreSQL, by notifications).
 */
final class Signal {
    private long version;
    private int waiting;

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
