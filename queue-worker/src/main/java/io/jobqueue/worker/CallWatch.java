package io.jobqueue.worker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches one kind of backend call (reserve, delete) while it is in flight, so a call that never returns (a
 * frozen server, a network partition) shows in the health check instead of only a call that failed.
 */
final class CallWatch {
    private final String operation;
    private final long boundNanos;
    /** Start time ({@link System#nanoTime()}) of each thread's call in flight. */
    private final Map<Thread, Long> inFlight = new ConcurrentHashMap<>();

    /** @param bound the longest a call may take before it counts as stalled */
    CallWatch(String operation, Duration bound) {
        this.operation = operation;
        this.boundNanos = bound.toNanos();
    }

    /** Marks the calling thread's call as started; {@link #end()} must follow in a finally block. */
    void begin() {
        inFlight.put(Thread.currentThread(), System.nanoTime());
    }

    void end() {
        inFlight.remove(Thread.currentThread());
    }

    /** Why the oldest call in flight counts as stalled, or null when none has run past its bound. */
    String stalled() {
        long now = System.nanoTime();
        long oldest = 0;
        for (long started : inFlight.values()) {
            oldest = Math.max(oldest, now - started);
        }
        if (oldest <= boundNanos) {
            return null;
        }
        return "a " + operation + " has been in flight for " + Duration.ofNanos(oldest).toMillis()
                + " ms, past its bound of "
                + Duration.ofNanos(boundNanos).toMillis() + " ms";
    }
}
