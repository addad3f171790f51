package io.jobqueue.spi;

import io.jobqueue.Schedule;
import java.time.Instant;
import java.util.Objects;

/**
 * Enqueue the occurrence of {@code due} at {@code due.nextRunAt()}, exactly once across every process: in one
 * transaction, move the stored schedule's next run from {@code due.nextRunAt()} to {@code nextRunAt} only if it
 * still is {@code due.nextRunAt()}, and add {@code due}'s job only if it moved. The process whose move succeeds
 * adds the job; every other one finds the next run moved and adds nothing. The backend returns the job's id, or
 * empty when it added nothing (another process won, or the schedule was removed or replaced).
 */
public record EnqueueOccurrenceRequest(Schedule due, Instant nextRunAt) {
    public EnqueueOccurrenceRequest {
        Objects.requireNonNull(due, "due");
        Objects.requireNonNull(nextRunAt, "nextRunAt");
        if (!nextRunAt.isAfter(due.nextRunAt())) {
            throw new IllegalArgumentException("nextRunAt " + nextRunAt + " must be after " + due.nextRunAt());
        }
    }
}
