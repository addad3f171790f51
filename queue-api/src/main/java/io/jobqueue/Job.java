package io.jobqueue;

import io.jobqueue.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A job as read from the queue: by a reserve (then {@link #reservation()} identifies that reservation and
 * fences later operations) or by a peek (then {@code reservation()} is {@link #NO_RESERVATION}).
 *
 * <p>The payload array is the job's own: treat it as read-only.
 *
 * @param id the job's id, unique within the backend
 * @param pipeline the pipeline the job is in
 * @param payload the job's bytes
 * @param priority unsigned 32-bit, lower runs first
 * @param ttr time to run of each reservation
 * @param state the state when read
 * @param reserves how many times the job has been reserved, this reservation included
 * @param createdAt when the job was added
 * @param reservation the reservation this copy was handed out with, or {@link #NO_RESERVATION}
 * @param lastError the reason given when the job was last buried, or null
 */
public record Job(
        long id,
        String pipeline,
        byte[] payload,
        long priority,
        Duration ttr,
        JobState state,
        int reserves,
        Instant createdAt,
        long reservation,
        String lastError) {

    /** The {@link #reservation()} of a job that was peeked rather than reserved. */
    public static final long NO_RESERVATION = 0;

    /** The payload decoded as UTF-8 text. */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The payload read as JSON into {@code type} with Jackson (which must be on the class path). */
    public <T> T payloadAs(Class<T> type) {
        return Json.read(payload, type);
    }

    /** The reason recorded when the job was last buried. */
    public Optional<String> error() {
        return Optional.ofNullable(lastError);
    }

    /** True when this copy came from a reserve and carries a reservation to fence later operations. */
    public boolean isReserved() {
        return reservation != NO_RESERVATION;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Job other && other.id == id && other.reservation == reservation
                && other.pipeline.equals(pipeline);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Long.hashCode(reservation);
    }

    @Override
    public String toString() {
        return "Job[id=" + id + ", pipeline=" + pipeline + ", state=" + state + ", priority=" + priority
                + ", ttr=" + ttr + ", reserves=" + reserves + ", bytes=" + payload.length + "]";
    }
}
