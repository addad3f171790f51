package io.jobqueue.spi;

import io.jobqueue.Schedule;
import java.util.Objects;

/**
 * Store {@code schedule}, checked by the facade, under its name. If a schedule of that name exists with the same
 * definition ({@link Schedule#sameDefinition}) it stays as it is, next run included, so every process of an
 * application can declare its schedules at start without moving them; otherwise it is created or replaced. The
 * backend returns the schedule as stored.
 */
public record PutScheduleRequest(Schedule schedule) {
    public PutScheduleRequest {
        Objects.requireNonNull(schedule, "schedule");
    }
}
