package io.jobqueue;

import io.jobqueue.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * A job as read from the queue: by a reserve (then {@link #reservation()} identifies that reservation and
 * fences later operations) or by a peek (then {@code reservation()} is {@link #NO_RESERVATION}).
 *
 * <p>The payload array is the job's own: treat it as read-only.
 *
 * <p><b>Details read on demand.</b> A backend may hand out a reserved job without its {@link #priority()} and
 * {@link #reserves()} when reading them costs a round trip per job (beanstalkd's reserve reply carries neither,
 * see {@link #withDetailsOnDemand}). The first call of either accessor then reads both from the backend, once,
 * on the calling thread; {@link #knownReserves()} tells without reading. Jobs made with the canonical
 * constructor carry every field.
 *
 * <p>Equality is by id, reservation and pipeline (two copies of one reservation are equal).
 */
public final class Job {

    /** The {@link #reservation()} of a job that was peeked rather than reserved. */
    public static final long NO_RESERVATION = 0;

    /**
     * The fields of a job a backend may read only when asked ({@link #withDetailsOnDemand}).
     *
     * @param priority the job's priority now
     * @param reserves how many times the job has been reserved, this reservation included
     */
    public record Details(long priority, int reserves) {}

    private final long id;
    private final String pipeline;
    private final byte[] payload;
    private final Duration ttr;
    private final JobState state;
    private final Instant createdAt;
    private final long reservation;
    private final String lastError;
    /** Reads priority and reserves when first asked; null once they are known. */
    private Supplier<Details> reader;
    private volatile Details details;

    /**
     * A job with every field known.
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
    public Job(long id, String pipeline, byte[] payload, long priority, Duration ttr, JobState state, int reserves,
            Instant createdAt, long reservation, String lastError) {
        this(id, pipeline, payload, ttr, state, createdAt, reservation, lastError, null,
                new Details(priority, reserves));
    }

    private Job(long id, String pipeline, byte[] payload, Duration ttr, JobState state, Instant createdAt,
            long reservation, String lastError, Supplier<Details> reader, Details details) {
        this.id = id;
        this.pipeline = pipeline;
        this.payload = payload;
        this.ttr = ttr;
        this.state = state;
        this.createdAt = createdAt;
        this.reservation = reservation;
        this.lastError = lastError;
        this.reader = reader;
        this.details = details;
    }

    /**
     * For backends: a job whose priority and reservation count are read by {@code reader} when first asked for
     * ({@link #priority()}, {@link #reserves()}), at most once. The reader runs on the asking thread and may fail
     * with a {@link JobQueueException} (the server is down, the job is gone); a failed read is tried again on the
     * next call.
     */
    public static Job withDetailsOnDemand(long id, String pipeline, byte[] payload, Duration ttr, JobState state,
            Instant createdAt, long reservation, Supplier<Details> reader) {
        return new Job(id, pipeline, payload, ttr, state, createdAt, reservation, null,
                Objects.requireNonNull(reader, "reader"), null);
    }

    /** The job's id, unique within the backend. */
    public long id() {
        return id;
    }

    /** The pipeline the job is in. */
    public String pipeline() {
        return pipeline;
    }

    /** The job's bytes. */
    public byte[] payload() {
        return payload;
    }

    /** Unsigned 32-bit, lower runs first; may read it from the backend (see the class comment). */
    public long priority() {
        return details().priority();
    }

    /** Time to run of each reservation. */
    public Duration ttr() {
        return ttr;
    }

    /** The state when read. */
    public JobState state() {
        return state;
    }

    /**
     * How many times the job has been reserved, this reservation included; may read it from the backend (see the
     * class comment).
     */
    public int reserves() {
        return details().reserves();
    }

    /** {@link #reserves()} if this copy knows it without asking the backend, else empty. */
    public OptionalInt knownReserves() {
        Details d = details;
        return d == null ? OptionalInt.empty() : OptionalInt.of(d.reserves());
    }

    /** When the job was added. */
    public Instant createdAt() {
        return createdAt;
    }

    /** The reservation this copy was handed out with, or {@link #NO_RESERVATION}. */
    public long reservation() {
        return reservation;
    }

    /** The reason given when the job was last buried, or null. */
    public String lastError() {
        return lastError;
    }

    private Details details() {
        Details d = details;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            if (details == null) {
                details = Objects.requireNonNull(reader.get(), "the backend read no details");
                reader = null;
            }
            return details;
        }
    }

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

    /** Reads nothing from the backend: details not yet read show as {@code ?}. */
    @Override
    public String toString() {
        Details d = details;
        return "Job[id=" + id + ", pipeline=" + pipeline + ", state=" + state + ", priority="
                + (d == null ? "?" : Long.toString(d.priority())) + ", ttr=" + ttr + ", reserves="
                + (d == null ? "?" : Integer.toString(d.reserves())) + ", bytes=" + payload.length + "]";
    }
}
