package io.jobqueue;

import io.jobqueue.internal.PipelineNames;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Objects;

/**
 * A recurring job as the backend holds it: at each occurrence of {@code recurrence} the scheduler adds one job
 * with {@code payload} to {@code pipeline}. {@link JobQueue#schedule} creates one; {@link JobQueue#listSchedules}
 * reads them back.
 *
 * @param name 1 to {@value #MAX_NAME_LENGTH} characters: letters, digits and {@code - + / ; . $ _ ( )}, as for a
 *     pipeline
 * @param recurrence when it runs, with its time zone
 * @param pipeline where its jobs go
 * @param payload each job's payload
 * @param priority each job's priority
 * @param ttr each job's time to run
 * @param nextRunAt the next occurrence not yet enqueued (to the millisecond)
 */
public record Schedule(String name, Recurrence recurrence, String pipeline, byte[] payload, long priority,
        Duration ttr, Instant nextRunAt) {
    public static final int MAX_NAME_LENGTH = 200;

    public Schedule {
        checkName(name);
        Objects.requireNonNull(recurrence, "recurrence");
        PipelineNames.check(pipeline);
        Objects.requireNonNull(payload, "payload");
        JobOptions.checkPriority(priority);
        Objects.requireNonNull(ttr, "ttr");
        Objects.requireNonNull(nextRunAt, "nextRunAt");
    }

    /** Throws {@link InvalidInputException} unless {@code name} is a legal schedule name. */
    public static String checkName(String name) {
        try {
            return PipelineNames.check(name);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.getMessage().replace("pipeline name", "schedule name"));
        }
    }

    /** The zone the recurrence is read in (UTC unless a cron expression was given one). */
    public ZoneId zone() {
        return recurrence.zone();
    }

    /** The payload as UTF-8 text. */
    public String payloadAsString() {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** True if {@code other} enqueues the same jobs at the same times: all but {@link #nextRunAt} are equal. */
    public boolean sameDefinition(Schedule other) {
        return name.equals(other.name) && recurrence.equals(other.recurrence) && pipeline.equals(other.pipeline)
                && Arrays.equals(payload, other.payload) && priority == other.priority && ttr.equals(other.ttr);
    }

    /** This schedule with its next occurrence at {@code next}. */
    public Schedule withNextRunAt(Instant next) {
        return new Schedule(name, recurrence, pipeline, payload, priority, ttr, next);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule s && sameDefinition(s) && nextRunAt.equals(s.nextRunAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, recurrence, pipeline, Arrays.hashCode(payload), priority, ttr, nextRunAt);
    }

    @Override
    public String toString() {
        return "Schedule[" + name + ", " + recurrence + ", pipeline " + pipeline + ", next run " + nextRunAt + "]";
    }
}
