package io.jobqueue.rabbitmq;

import java.util.concurrent.ScheduledFuture;

/**
 * A job this backend holds reserved: an unacknowledged delivery on one channel, handed out under a token
 * ({@link io.jobqueue.Job#reservation()}). Its TTR deadline is kept here, on {@link System#nanoTime()}, not by
 * the broker. State changes happen under the reservation's own lock, so a finishing operation and the TTR
 * timer never both act on it.
 */
final class Reservation {
    /** Why a reservation ended; an operation under it afterwards reports accordingly. */
    enum End { DELETED, RELEASED, BURIED, EXPIRED, LOST }

    final long token;
    final StoredJob job;
    /** Reservations of this job so far, this one included. */
    final int reserves;
    final ChannelSlot slot;
    final int generation;
    final long deliveryTag;
    private long deadlineNanos;
    private ScheduledFuture<?> timer;
    private End end;

    Reservation(long token, StoredJob job, int reserves, ChannelSlot slot, int generation, long deliveryTag,
            long deadlineNanos) {
        this.token = token;
        this.job = job;
        this.reserves = reserves;
        this.slot = slot;
        this.generation = generation;
        this.deliveryTag = deliveryTag;
        this.deadlineNanos = deadlineNanos;
    }

    synchronized long deadlineNanos() {
        return deadlineNanos;
    }

    synchronized boolean expiredAt(long nowNanos) {
        return nowNanos - deadlineNanos >= 0;
    }

    synchronized void renew(long nowNanos) {
        deadlineNanos = nowNanos + job.ttrMillis() * 1_000_000L;
    }

    synchronized void timer(ScheduledFuture<?> timer) {
        this.timer = timer;
    }

    synchronized End end() {
        return end;
    }

    /** Marks the reservation over; false if it already was. */
    synchronized boolean end(End why) {
        if (end != null) {
            return false;
        }
        end = why;
        if (timer != null) {
            timer.cancel(false);
        }
        return true;
    }
}
