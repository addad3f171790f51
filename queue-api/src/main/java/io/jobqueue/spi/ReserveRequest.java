package io.jobqueue.spi;

import java.time.Duration;
import java.util.List;

/**
 * Reserve up to {@code maxJobs} ready jobs from any of {@code pipelines}, most urgent first (priority, then
 * the order they were added). Waits up to {@code timeout} for the first one; returns an empty list when
 * none became ready in that time.
 */
public record ReserveRequest(List<String> pipelines, int maxJobs, Duration timeout) {
    /** The longest wait {@link #timeoutNanos()} reports, so a deadline computed from it never overflows. */
    static final Duration LONGEST_WAIT = Duration.ofDays(365);

    public ReserveRequest {
        pipelines = List.copyOf(pipelines);
        if (maxJobs < 1) {
            throw new IllegalArgumentException("maxJobs must be at least 1, got " + maxJobs);
        }
    }

    /** The timeout in nanoseconds, capped at a year: {@code System.nanoTime() + timeoutNanos()} never overflows. */
    public long timeoutNanos() {
        return timeout.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT.toNanos() : timeout.toNanos();
    }
}
