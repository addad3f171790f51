package io.jobqueue.spi;

import io.jobqueue.UniqueKey;
import java.time.Duration;

/**
 * One job to add, already checked by the facade: payload within the limit, priority and delay in range.
 *
 * @param uniqueKey null for none; the facade passes one only to a backend with
 *     {@link io.jobqueue.Capability#UNIQUE_JOBS}. A backend returns, for a job whose key a job of the pipeline
 *     holds (also one earlier in the same request), that job's id and adds nothing.
 */
public record NewJob(byte[] payload, long priority, Duration delay, Duration ttr, UniqueKey uniqueKey) {
    public NewJob(byte[] payload, long priority, Duration delay, Duration ttr) {
        this(payload, priority, delay, ttr, null);
    }
}
