package io.jobqueue.spi;

import io.jobqueue.Job;

/**
 * A job by id, with the reservation it was handed out under ({@link Job#NO_RESERVATION} when the caller
 * does not hold it). Backends fence on the reservation: an operation under an expired reservation fails.
 */
public record JobRef(long id, long reservation) {
    public static JobRef of(Job job) {
        return new JobRef(job.id(), job.reservation());
    }

    public boolean reserved() {
        return reservation != Job.NO_RESERVATION;
    }
}
