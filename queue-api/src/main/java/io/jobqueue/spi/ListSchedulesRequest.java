package io.jobqueue.spi;

import java.time.Instant;

/**
 * The schedules in name order: all of them with {@code dueBy} null, else those whose next run is at or before
 * {@code dueBy}.
 */
public record ListSchedulesRequest(Instant dueBy) {
    public static ListSchedulesRequest all() {
        return new ListSchedulesRequest(null);
    }
}
