package io.jobqueue;

import java.time.Instant;

/**
 * One occurrence of a schedule that this call enqueued (see {@link JobQueue#runDueSchedules()}).
 *
 * @param schedule the schedule's name
 * @param scheduledAt the occurrence's time (the schedule's next run when it was found due)
 * @param jobId the job added for it
 */
public record Occurrence(String schedule, Instant scheduledAt, long jobId) {}
