package io.jobqueue.jdbc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a waiting reserve sleeps before it looks for jobs again, where nothing wakes it (jobs added by another
 * process on SQLite or MySQL/MariaDB; on PostgreSQL while the listener is down). After a reserve that found jobs
 * it looks again after {@value #MIN_MILLIS} ms, then after twice as long each time it finds nothing, up to the
 * poll interval: quick while jobs flow, one look per poll interval once idle. Shared by the reserving threads of
 * one backend.
 */
final class PollBackoff {
    static final long MIN_MILLIS = 1;

    private final long minNanos;
    private final long maxNanos;
    private final AtomicLong nextNanos;

    /** @param maxNanos the poll interval: the longest wait, where an idle backend settles */
    PollBackoff(long maxNanos) {
        this.maxNanos = maxNanos;
        this.minNanos = Math.min(maxNanos, MIN_MILLIS * 1_000_000);
        this.nextNanos = new AtomicLong(maxNanos);
    }

    /** A reserve found jobs: more may follow soon, so look again quickly. */
    void found() {
        nextNanos.set(minNanos);
    }

    /** A reserve found nothing: how long to wait before the next look (and the one after it waits twice as long). */
    long nextWaitNanos() {
        return nextNanos.getAndUpdate(wait -> Math.min(maxNanos, wait * 2));
    }
}
