package io.jobqueue.worker;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many handler threads the pool should have, between {@code min} and {@code max}. It grows when jobs wait
 * and no handler is idle to take them: by as many handlers as jobs wait beyond the idle ones, so it never
 * starts a handler that no held job needs. It shrinks when the pool was bigger than needed for a whole idle
 * window: to the most handlers busy at once during that window (never below {@code min}); idle handlers retire
 * one by one between jobs, so a retiring handler never holds a job. With {@code min == max} it never changes.
 *
 * <p>Times are {@link System#nanoTime()} values passed in, so a test can move them.
 */
final class PoolSizer {
    private static final Logger log = LoggerFactory.getLogger(PoolSizer.class);

    private final String name;
    private final int min;
    private final int max;
    private final long idleNanos;
    private int size;
    private int busy;
    /** The most handlers busy at once since {@link #windowStart}. */
    private int peakBusy;
    private long windowStart;
    /** Handlers still to retire after a decision to shrink; each idle handler that asks takes one. */
    private int toRetire;

    PoolSizer(String name, int min, int max, Duration idleTimeout, long nowNanos) {
        this.name = name;
        this.min = min;
        this.max = max;
        this.idleNanos = idleTimeout.toNanos();
        this.size = min;
        this.windowStart = nowNanos;
    }

    synchronized int size() {
        return size;
    }

    synchronized int busy() {
        return busy;
    }

    Duration idleTimeout() {
        return Duration.ofNanos(idleNanos);
    }

    int min() {
        return min;
    }

    int max() {
        return max;
    }

    /**
     * {@code waiting} jobs wait for a handler: returns how many handlers to start so that each of them has one
     * (none beyond {@code max}), and counts them in the size.
     */
    synchronized int grow(int waiting) {
        int idle = size - busy;
        int add = Math.min(max - size, waiting - idle);
        if (add <= 0) {
            return 0;
        }
        toRetire = 0;
        log.info("{}: pool grows from {} to {} handlers (max {}): waiting jobs {}, busy handlers {} of {}",
                name, size, size + add, max, waiting, busy, size);
        size += add;
        return add;
    }

    /** A handler starts a job. */
    synchronized void started() {
        busy++;
        peakBusy = Math.max(peakBusy, busy);
    }

    /** A handler has finished a job. */
    synchronized void finished() {
        busy--;
    }

    /**
     * An idle handler (it found no job) asks whether to retire; true means it must end now, and it no longer
     * counts in the size. It stays if {@code waiting} jobs need it.
     */
    synchronized boolean retire(int waiting, long nowNanos) {
        if (nowNanos - windowStart >= idleNanos) {
            int target = Math.max(min, peakBusy);
            if (target < size && toRetire == 0) {
                toRetire = size - target;
                log.info("{}: pool shrinks from {} to {} handlers (min {}): at most {} were busy at once in the last"
                        + " {} ms", name, size, target, min, peakBusy, Duration.ofNanos(nowNanos - windowStart)
                        .toMillis());
            }
            windowStart = nowNanos;
            peakBusy = busy;
        }
        if (toRetire > 0 && size > min && waiting <= size - 1 - busy) {
            toRetire--;
            size--;
            if (toRetire == 0) {
                log.info("{}: pool has shrunk to {} handlers", name, size);
            }
            return true;
        }
        return false;
    }
}
