package io.jobqueue.spi;

import io.jobqueue.Capability;
import io.jobqueue.Job;
import io.jobqueue.Outcome;
import io.jobqueue.PipelineLimits;
import io.jobqueue.PipelineStats;
import io.jobqueue.WorkerRecord;
import io.jobqueue.Schedule;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a backend implements. The {@link io.jobqueue.JobQueue} facade checks input (pipeline names, payload
 * sizes, priorities, delays) before it calls a backend, and turns {@link Outcome}s into exceptions.
 *
 * <p>Implementations are safe for use by many threads at once. Failures of the backend itself are thrown as
 * {@link io.jobqueue.BackendException}.
 */
public interface QueueBackend extends AutoCloseable {

    Set<Capability> capabilities();

    /** The largest payload the backend stores; the facade refuses larger ones before calling. */
    default int maxPayloadBytes() {
        return Integer.MAX_VALUE;
    }

    /**
     * Whose limit {@link #maxPayloadBytes()} is, named in the message refusing a larger payload when it is lower
     * than {@code QueueSettings.maxPayloadBytes} (e.g. "the beanstalkd server's max-job-size, beanstalkd -z").
     */
    default String maxPayloadBytesSource() {
        return "the backend's limit, QueueBackend.maxPayloadBytes";
    }

    /** Adds all jobs or none; returns their ids in request order. */
    List<Long> add(AddRequest request);

    /** Reserves up to {@code request.maxJobs()} jobs, waiting up to the timeout for the first. */
    List<Job> reserve(ReserveRequest request);

    /** One outcome per job, in request order. */
    List<Outcome> delete(DeleteRequest request);

    Outcome release(ReleaseRequest request);

    Outcome bury(BuryRequest request);

    Outcome touch(TouchRequest request);

    Outcome kickJob(KickJobRequest request);

    /** Returns how many jobs were kicked. */
    int kick(KickRequest request);

    Optional<Job> peek(PeekRequest request);

    Optional<Job> peek(PeekStateRequest request);

    PipelineStats stats(StatsRequest request);

    /**
     * A page of the jobs of a pipeline in one state, in id order. Called only on a backend that declares {@link
     * Capability#LIST_BY_STATE}; the default refuses.
     */
    default List<Job> listJobs(ListJobsRequest request) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot list jobs by state");
    }

    /**
     * Pauses or resumes a pipeline for every process at once. Called only on a backend that declares {@link
     * Capability#PAUSE}; the default refuses.
     */
    default void pause(PauseRequest request) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot pause a pipeline");
    }

    /** Whether a pipeline is paused; false on a backend without {@link Capability#PAUSE}. */
    default boolean isPaused(PauseStateRequest request) {
        return false;
    }

    /**
     * Sets a pipeline's limits for every process at once. Called only on a backend that declares {@link
     * Capability#PIPELINE_LIMITS}; the default refuses.
     */
    default void setLimits(LimitsRequest request) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot limit a pipeline");
    }

    /** A pipeline's limits; {@link PipelineLimits#NONE} on a backend without {@link Capability#PIPELINE_LIMITS}. */
    default PipelineLimits limits(LimitsStateRequest request) {
        return PipelineLimits.NONE;
    }

    /**
     * Records a worker's heartbeat. Called only on a backend that declares {@link Capability#WORKER_REGISTRY};
     * the default refuses.
     */
    default void heartbeat(HeartbeatRequest request) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot record workers");
    }

    /** Removes a worker's record; only with {@link Capability#WORKER_REGISTRY}. */
    default void removeWorker(RemoveWorkerRequest request) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot record workers");
    }

    /**
     * The workers recorded, alive first, then by host and id; only with {@link Capability#WORKER_REGISTRY}.
     */
    default List<WorkerRecord> listWorkers() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot record workers");
    }

    /**
     * Stores a schedule (see {@link PutScheduleRequest}). Called only on a backend that declares {@link
     * Capability#SCHEDULES}; the default refuses.
     */
    default Schedule putSchedule(PutScheduleRequest request) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot hold schedules");
    }

    /** Removes a schedule; true if there was one. Called only with {@link Capability#SCHEDULES}. */
    default boolean removeSchedule(RemoveScheduleRequest request) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot hold schedules");
    }

    /** Schedules in name order (see {@link ListSchedulesRequest}); none without {@link Capability#SCHEDULES}. */
    default List<Schedule> listSchedules(ListSchedulesRequest request) {
        return List.of();
    }

    /**
     * Moves a due schedule to its next run and adds its job, both or neither, only if no other process did (see
     * {@link EnqueueOccurrenceRequest}). Called only with {@link Capability#SCHEDULES}.
     */
    default Optional<Long> enqueueOccurrence(EnqueueOccurrenceRequest request) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot hold schedules");
    }

    /** Pipelines that currently hold at least one job, in name order. */
    List<String> pipelines();

    /** Releases connections and threads. Idempotent. */
    @Override
    void close();
}
