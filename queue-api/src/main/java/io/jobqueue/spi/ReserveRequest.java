package io.jobqueue.spi;

import java.time.Duration;
import java.util.List;

/**
 * Reserve up to {@code maxJobs} ready jobs from any of {@code pipelines}, most urgent first (priority, then
 * the order they were added). Waits up to {@code timeout} for the first one; returns an empty list when
 * none became ready in that time.
 */
public record ReserveRequest(List<String> pipelines, int maxJobs, Duration timeout) {
    public ReserveRequest {
        pipelines = List.copyOf(pipelines);
        if (maxJobs < 1) {
            throw new IllegalArgumentException("maxJobs must be at least 1, got " + maxJobs);
        }
    }
}
