package io.jobqueue.beanstalkd;

import java.util.concurrent.TimeUnit;

/**
 * A job this backend holds reserved, under the token handed out as {@link io.jobqueue.Job#reservation()}.
 *
 * <p>beanstalkd tells neither when a reservation ends nor who holds a job, so its TTR deadline is kept as
 * two bounds on {@link System#nanoTime()}: before {@link #safeUntil()} the server's deadline has certainly
 * not passed (it is measured from before the command that started or renewed it, or from stats-job's
 * time-left, whichever is later); after {@link #expires()} it certainly has (measured from after the reply,
 * plus a grace for clock drift).
 */
final class Reservation {
    /** The {@link #priority()} of a job reserved without stats-job: read it when needed. */
    static final long UNKNOWN_PRIORITY = -1;
    /** Added to the upper bound, for clock drift between this process and the server. */
    static final long EXPIRY_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final long token;
    private final long jobId;
    private final ReserveConnection connection;
    private final long priority;
    private final long ttrNanos;
    private volatile long safeUntil;
    private volatile long expires;
    /** Set, under the connection's lock, once the job left this reservation (deleted, released, buried, lost). */
    private volatile boolean ended;

    Reservation(long token, long jobId, ReserveConnection connection, long priority, long ttrSeconds,
            long safeUntil, long expires) {
        this.token = token;
        this.jobId = jobId;
        this.connection = connection;
        this.priority = priority;
        this.ttrNanos = TimeUnit.SECONDS.toNanos(ttrSeconds);
        this.safeUntil = safeUntil;
        this.expires = expires;
    }

    /** The lower bound of a reservation started by a command sent at {@code sentNanos}. */
    static long safeUntil(long sentNanos, long ttrSeconds, long statsSentNanos, long timeLeftSeconds) {
        long fromCommand = sentNanos + TimeUnit.SECONDS.toNanos(ttrSeconds);
        long fromStats = statsSentNanos + TimeUnit.SECONDS.toNanos(Math.max(0, timeLeftSeconds));
        return fromStats - fromCommand > 0 ? fromStats : fromCommand;
    }

    /** The upper bound of a reservation whose reply arrived at {@code receivedNanos}. */
    static long expires(long receivedNanos, long ttrSeconds) {
        return receivedNanos + TimeUnit.SECONDS.toNanos(ttrSeconds) + EXPIRY_GRACE_NANOS;
    }

    long token() {
        return token;
    }

    long jobId() {
        return jobId;
    }

    /**
     * The job's priority when reserved (it cannot change while the job is reserved), or {@link #UNKNOWN_PRIORITY}
     * when it was reserved without stats-job.
     */
    long priority() {
        return priority;
    }

    ReserveConnection connection() {
        return connection;
    }

    long safeUntil() {
        return safeUntil;
    }

    long expires() {
        return expires;
    }

    boolean isEnded() {
        return ended;
    }

    void end() {
        ended = true;
    }

    /** New bounds after a {@code touch} sent at {@code sentNanos} was answered at {@code receivedNanos}. */
    void renewed(long sentNanos, long receivedNanos) {
        safeUntil = sentNanos + ttrNanos;
        expires = receivedNanos + ttrNanos + EXPIRY_GRACE_NANOS;
    }
}
