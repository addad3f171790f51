package io.jobqueue;

import io.jobqueue.internal.Payloads;
import io.jobqueue.internal.Redaction;
import io.jobqueue.internal.PipelineNames;
import io.jobqueue.spi.AddRequest;
import io.jobqueue.spi.BackendProvider;
import io.jobqueue.spi.BuryRequest;
import io.jobqueue.spi.DeleteRequest;
import io.jobqueue.spi.HeartbeatRequest;
import io.jobqueue.spi.EnqueueOccurrenceRequest;
import io.jobqueue.spi.JobRef;
import io.jobqueue.spi.KickJobRequest;
import io.jobqueue.spi.KickRequest;
import io.jobqueue.spi.LimitsRequest;
import io.jobqueue.spi.LimitsStateRequest;
import io.jobqueue.spi.ListJobsRequest;
import io.jobqueue.spi.ListSchedulesRequest;
import io.jobqueue.spi.NewJob;
import io.jobqueue.spi.PauseRequest;
import io.jobqueue.spi.PauseStateRequest;
import io.jobqueue.spi.PeekRequest;
import io.jobqueue.spi.PeekStateRequest;
import io.jobqueue.spi.PutScheduleRequest;
import io.jobqueue.spi.QueueBackend;
import io.jobqueue.spi.ReleaseRequest;
import io.jobqueue.spi.RemoveWorkerRequest;
import io.jobqueue.spi.RemoveScheduleRequest;
import io.jobqueue.spi.ReserveRequest;
import io.jobqueue.spi.StatsRequest;
import io.jobqueue.spi.TouchRequest;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The job queue: add jobs to pipelines, reserve them, then delete, release or bury them.
 *
 * <pre>{@code
 * try (JobQueue queue = JobQueue.connect("jdbc:sqlite:jobs.db")) {
 *     queue.selectPipeline("emails").addJob("{\"to\":\"a@example.com\"}");
 *
 *     JobQueue worker = queue.watchPipeline("emails");
 *     worker.getNextJobAndReserve(Duration.ofSeconds(5)).ifPresent(job -> {
 *         send(job.payloadAsString());
 *         worker.delete(job);
 *     });
 * }
 * }</pre>
 *
 * <h2>Threads, selected and watched pipelines</h2>
 * A {@code JobQueue} is immutable and safe to share between threads. {@link #selectPipeline},
 * {@link #watchPipeline} and {@link #ignorePipeline} do not change it: they return a lightweight view that
 * shares the same backend (connections, pools) with the new selection. Keep the view they return:
 * {@code queue.selectPipeline("emails")} on its own changes nothing. A view's selected pipeline is where
 * {@code addJob} puts jobs and what the peeks and counts without a pipeline argument read ({@value
 * #DEFAULT_PIPELINE} at first). A view reserves from the pipelines it watches; a view that watches none
 * reserves from its selected pipeline. Closing any view closes the shared backend.
 */
public final class JobQueue implements AutoCloseable {
    public static final String DEFAULT_PIPELINE = "default";
    /** The most jobs one {@link #listJobs} call returns. */
    public static final int MAX_LIST_LIMIT = 1000;

    private final QueueBackend backend;
    private final QueueSettings settings;
    private final int maxPayloadBytes;
    /** Whose limit {@code maxPayloadBytes} is: the settings', or the backend's when that is lower. */
    private final String maxPayloadSource;
    private final String selected;
    private final List<String> watched;

    private JobQueue(QueueBackend backend, QueueSettings settings, String selected, List<String> watched) {
        this.backend = backend;
        this.settings = settings;
        this.maxPayloadBytes = Math.min(settings.maxPayloadBytes(), backend.maxPayloadBytes());
        this.maxPayloadSource = backend.maxPayloadBytes() < settings.maxPayloadBytes()
                ? backend.maxPayloadBytesSource() : "QueueSettings.maxPayloadBytes";
        this.selected = selected;
        this.watched = List.copyOf(watched);
    }

    /** A queue over a backend built by the caller (for example a JDBC backend over the caller's DataSource). */
    public static JobQueue create(QueueBackend backend, QueueSettings settings) {
        return new JobQueue(Objects.requireNonNull(backend, "backend"), Objects.requireNonNull(settings, "settings"),
                DEFAULT_PIPELINE, List.of());
    }

    /** Connects to the backend that accepts {@code url}, with default settings. */
    public static JobQueue connect(String url) {
        return connect(url, QueueSettings.defaults());
    }

    /**
     * Connects to the backend that accepts {@code url}: {@code jdbc:sqlite:…}, {@code jdbc:postgresql://…},
     * {@code jdbc:mysql://…}, {@code jdbc:mariadb://…}, {@code beanstalkd://host:port}, or any scheme of a
     * {@link BackendProvider} registered through {@link ServiceLoader}.
     */
    public static JobQueue connect(String url, QueueSettings settings) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("queue URL must not be empty");
        }
        Objects.requireNonNull(settings, "settings");
        List<String> known = new ArrayList<>();
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class, JobQueue.class.getClassLoader())) {
            if (provider.accepts(url)) {
                return create(provider.open(url, settings), settings);
            }
            known.add(provider.name());
        }
        throw new InvalidInputException("no backend accepts the URL '" + Redaction.url(url) + "'; backends on the class path: "
                + (known.isEmpty() ? "none (add queue-jdbc or queue-beanstalkd)" : String.join(", ", known)));
    }


    // ---- pipelines ----------------------------------------------------------------------------------------

    /** A view that adds to, peeks and counts {@code pipeline}. */
    public JobQueue selectPipeline(String pipeline) {
        return new JobQueue(backend, settings, PipelineNames.check(pipeline), watched);
    }

    /** A view that also watches {@code pipeline} (watching is cumulative). */
    public JobQueue watchPipeline(String pipeline) {
        PipelineNames.check(pipeline);
        if (watched.contains(pipeline)) {
            return this;
        }
        List<String> more = new ArrayList<>(watched);
        more.add(pipeline);
        return new JobQueue(backend, settings, selected, more);
    }

    /** A view that no longer watches {@code pipeline}; the last watched pipeline cannot be ignored. */
    public JobQueue ignorePipeline(String pipeline) {
        PipelineNames.check(pipeline);
        List<String> fewer = new ArrayList<>(watchedPipelines());
        if (!fewer.remove(pipeline)) {
            return this;
        }
        if (fewer.isEmpty()) {
            throw new InvalidInputException("cannot ignore '" + pipeline + "': it is the only watched pipeline");
        }
        return new JobQueue(backend, settings, selected, fewer);
    }

    public String selectedPipeline() {
        return selected;
    }

    /** The pipelines a reserve takes jobs from. */
    public List<String> watchedPipelines() {
        return watched.isEmpty() ? List.of(selected) : watched;
    }

    // ---- adding -------------------------------------------------------------------------------------------

    /** Adds a job with default options; returns its id. Bytes go as they are, text as UTF-8, objects as JSON. */
    public long addJob(Object payload) {
        return addJob(payload, JobOptions.defaults());
    }

    public long addJob(Object payload, JobOptions options) {
        return submit(List.of(toNewJob(payload, options)), null).get(0);
    }

    /**
     * Adds a job through the caller's JDBC connection, inside the caller's transaction: the job becomes visible
     * when the caller commits and is gone if it rolls back. The caller owns the connection (commits, closes).
     */
    public long addJob(Connection transaction, Object payload, JobOptions options) {
        Objects.requireNonNull(transaction, "transaction");
        if (!backend.capabilities().contains(Capability.TRANSACTIONAL_ADD)) {
            throw new InvalidInputException("this backend cannot add jobs inside a caller's JDBC transaction");
        }
        return submit(List.of(toNewJob(payload, options)), transaction).get(0);
    }

    /** Adds many jobs at once, all or none; returns their ids in order. */
    public List<Long> addJobs(Collection<?> payloads) {
        return addJobs(payloads, JobOptions.defaults());
    }

    public List<Long> addJobs(Collection<?> payloads, JobOptions options) {
        if (payloads == null) {
            throw new InvalidInputException("payloads must not be null");
        }
        List<NewJob> jobs = new ArrayList<>(payloads.size());
        for (Object payload : payloads) {
            jobs.add(toNewJob(payload, options));
        }
        return jobs.isEmpty() ? List.of() : submit(jobs, null);
    }

    /**
     * Adds many jobs through the caller's JDBC connection, inside the caller's transaction, in one round trip
     * where the backend can: all become visible when the caller commits and none remain if it rolls back.
     * Returns their ids in order. The caller owns the connection (commits, closes).
     */
    public List<Long> addJobs(Connection transaction, Collection<?> payloads, JobOptions options) {
        Objects.requireNonNull(transaction, "transaction");
        if (!backend.capabilities().contains(Capability.TRANSACTIONAL_ADD)) {
            throw new InvalidInputException("this backend cannot add jobs inside a caller's JDBC transaction");
        }
        if (payloads == null) {
            throw new InvalidInputException("payloads must not be null");
        }
        List<NewJob> jobs = new ArrayList<>(payloads.size());
        for (Object payload : payloads) {
            jobs.add(toNewJob(payload, options));
        }
        return jobs.isEmpty() ? List.of() : submit(jobs, transaction);
    }

    private List<Long> submit(List<NewJob> jobs, Connection transaction) {
        return backend.add(new AddRequest(selected, jobs, transaction));
    }

    private NewJob toNewJob(Object payload, JobOptions options) {
        JobOptions o = JobOptions.orDefaults(options);
        if (o.uniqueKey() != null) {
            requireCapability(Capability.UNIQUE_JOBS, "add a job with a unique key");
        }
        byte[] bytes = Payloads.toBytes(payload, maxPayloadBytes, maxPayloadSource);
        return new NewJob(bytes, o.priority(), o.delay(), o.ttr(), o.uniqueKey());
    }

    // ---- pausing ------------------------------------------------------------------------------------------

    /**
     * Pauses {@code pipeline} for every process at once: reserves skip its jobs (a job reserved already stays
     * reserved), adds still succeed, counts and peeks still work. Pausing a paused pipeline changes nothing.
     * Needs a backend with {@link Capability#PAUSE}.
     */
    public void pause(String pipeline) {
        PipelineNames.check(pipeline);
        requireCapability(Capability.PAUSE, "pause a pipeline");
        backend.pause(new PauseRequest(pipeline, true));
    }

    /** Resumes a paused pipeline: its ready jobs can be reserved again. Resuming a running pipeline changes nothing. */
    public void resume(String pipeline) {
        PipelineNames.check(pipeline);
        requireCapability(Capability.PAUSE, "resume a pipeline");
        backend.pause(new PauseRequest(pipeline, false));
    }

    /** Whether {@code pipeline} is paused; always false on a backend without {@link Capability#PAUSE}. */
    public boolean isPaused(String pipeline) {
        PipelineNames.check(pipeline);
        return backend.capabilities().contains(Capability.PAUSE) && backend.isPaused(new PauseStateRequest(pipeline));
    }

    // ---- limits -------------------------------------------------------------------------------------------

    /**
     * Limits {@code pipeline} for every process at once: at most {@code limits.maxRunning()} of its jobs reserved
     * at a time and {@code limits.maxStartedPerSecond()} reserved per second; {@link PipelineLimits#NONE} lifts
     * both. Reserves follow from their next call; jobs reserved already keep running. Needs a backend with {@link
     * Capability#PIPELINE_LIMITS}.
     */
    public void setLimits(String pipeline, PipelineLimits limits) {
        PipelineNames.check(pipeline);
        if (limits == null) {
            throw new InvalidInputException("limits must not be null; PipelineLimits.NONE lifts them");
        }
        requireCapability(Capability.PIPELINE_LIMITS, "limit a pipeline");
        backend.setLimits(new LimitsRequest(pipeline, limits));
    }

    /** The limits of {@code pipeline}; {@link PipelineLimits#NONE} when it has none or the backend cannot limit. */
    public PipelineLimits limits(String pipeline) {
        PipelineNames.check(pipeline);
        return backend.capabilities().contains(Capability.PIPELINE_LIMITS)
                ? backend.limits(new LimitsStateRequest(pipeline)) : PipelineLimits.NONE;
    }

    // ---- worker registry ----------------------------------------------------------------------------------

    /** How long a dead worker stays listed before the next heartbeat of any worker forgets it. */
    public static final Duration FORGET_DEAD_WORKERS_AFTER = Duration.ofHours(1);

    /**
     * Records that {@code worker} is alive now, by the backend's clock, replacing its previous heartbeat. The
     * worker runtime calls this every few seconds; needs a backend with {@link Capability#WORKER_REGISTRY}.
     */
    public void heartbeat(WorkerInfo worker) {
        if (worker == null) {
            throw new InvalidInputException("worker must not be null");
        }
        requireCapability(Capability.WORKER_REGISTRY, "record workers");
        backend.heartbeat(new HeartbeatRequest(worker, FORGET_DEAD_WORKERS_AFTER.toMillis()));
    }

    /** Removes a worker's record, as a worker that stops cleanly does; an unknown id changes nothing. */
    public void removeWorker(String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("worker id must not be blank");
        }
        requireCapability(Capability.WORKER_REGISTRY, "record workers");
        backend.removeWorker(new RemoveWorkerRequest(id));
    }

    /**
     * Every worker process recorded by any process sharing this queue: alive ones first, then dead ones (silent
     * for longer than {@link WorkerInfo#deadAfter()}) until they are forgotten. Needs {@link
     * Capability#WORKER_REGISTRY}.
     */
    public List<WorkerRecord> listWorkers() {
        requireCapability(Capability.WORKER_REGISTRY, "record workers");
        return backend.listWorkers();
    }

    private void requireCapability(Capability capability, String what) {
        if (!backend.capabilities().contains(capability)) {
            throw new InvalidInputException("this backend cannot " + what + " (it lacks the capability "
                    + capability + ")");
        }
    }

    // ---- schedules ----------------------------------------------------------------------------------------

    /** {@link #schedule(String, Recurrence, String, Object, JobOptions)} with default job options. */
    public Schedule schedule(String name, Recurrence recurrence, String pipeline, Object payload) {
        return schedule(name, recurrence, pipeline, payload, JobOptions.defaults());
    }

    /**
     * Creates or replaces the recurring job {@code name}: at each occurrence of {@code recurrence} a scheduler
     * (a {@code Worker} built with {@code runSchedules()}, or any caller of {@link #runDueSchedules()}) adds one
     * job with {@code payload} and {@code options}' priority and TTR to {@code pipeline}. Declaring a schedule
     * that exists with the same definition changes nothing, so every process may declare its schedules at start;
     * a different definition replaces it and counts its next run from now. Needs {@link Capability#SCHEDULES}.
     *
     * @return the schedule as stored, with its next run
     * @throws InvalidInputException for an illegal name or pipeline, a null recurrence, a payload over the
     *     limit, options with a delay or a unique key (a schedule's jobs are due at their occurrence), or a backend
     *     without the capability
     */
    public Schedule schedule(String name, Recurrence recurrence, String pipeline, Object payload,
            JobOptions options) {
        Schedule.checkName(name);
        if (recurrence == null) {
            throw new InvalidInputException("recurrence must not be null: Recurrence.cron(...) or Recurrence.every(...)");
        }
        PipelineNames.check(pipeline);
        JobOptions o = JobOptions.orDefaults(options);
        if (!o.delay().isZero() || o.uniqueKey() != null) {
            throw new InvalidInputException("a schedule's job options take a priority and a TTR only, got " + o);
        }
        byte[] bytes = Payloads.toBytes(payload, maxPayloadBytes, maxPayloadSource);
        requireCapability(Capability.SCHEDULES, "hold schedules");
        Instant now = now();
        Schedule schedule = new Schedule(name, recurrence, pipeline, bytes, o.priority(), o.ttr(),
                recurrence.first(now));
        return backend.putSchedule(new PutScheduleRequest(schedule));
    }

    /** Every schedule, in name order; none on a backend without {@link Capability#SCHEDULES}. */
    public List<Schedule> listSchedules() {
        if (!backend.capabilities().contains(Capability.SCHEDULES)) {
            return List.of();
        }
        return backend.listSchedules(ListSchedulesRequest.all());
    }

    /** Removes the schedule {@code name}; true if there was one. Jobs it already added stay. */
    public boolean removeSchedule(String name) {
        Schedule.checkName(name);
        requireCapability(Capability.SCHEDULES, "hold schedules");
        return backend.removeSchedule(new RemoveScheduleRequest(name));
    }

    /**
     * Enqueues every schedule that is due now (by {@link QueueSettings#clock()}), each occurrence once however
     * many processes call this at the same time, and returns what this call enqueued.
     *
     * <p>Missed occurrences: a schedule found due gets one job, for its oldest missed occurrence, and moves to its
     * first occurrence after now. However long no scheduler ran (a deploy, an outage), a schedule runs once for
     * the whole missed stretch and then keeps its times; it never fires a burst of catch-up jobs. An interval
     * keeps its phase across the gap.
     */
    public List<Occurrence> runDueSchedules() {
        if (!backend.capabilities().contains(Capability.SCHEDULES)) {
            return List.of();
        }
        Instant now = now();
        List<Occurrence> enqueued = new ArrayList<>();
        for (Schedule due : backend.listSchedules(new ListSchedulesRequest(now))) {
            Instant next = due.recurrence().next(due.nextRunAt(), now);
            backend.enqueueOccurrence(new EnqueueOccurrenceRequest(due, next))
                    .ifPresent(id -> enqueued.add(new Occurrence(due.name(), due.nextRunAt(), id)));
        }
        return enqueued;
    }

    /** The settings' clock, to the millisecond that backends keep times in. */
    private Instant now() {
        return settings.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- reserving ----------------------------------------------------------------------------------------

    /**
     * Reserves the most urgent ready job of the watched pipelines, waiting up to {@code timeout} for one.
     * Returns empty after about the timeout when none is ready; {@link Duration#ZERO} does not wait.
     */
    public Optional<Job> getNextJobAndReserve(Duration timeout) {
        List<Job> jobs = reserveJobs(1, timeout);
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
    }

    /** Reserves up to {@code maxJobs} jobs at once, waiting up to {@code timeout} for the first. */
    public List<Job> reserveJobs(int maxJobs, Duration timeout) {
        if (maxJobs < 1) {
            throw new InvalidInputException("maxJobs must be at least 1, got " + maxJobs);
        }
        if (timeout == null || timeout.isNegative()) {
            throw new InvalidInputException("timeout must be zero or positive, got " + timeout);
        }
        return backend.reserve(new ReserveRequest(watchedPipelines(), maxJobs, timeout));
    }

    // ---- finishing ----------------------------------------------------------------------------------------

    /**
     * Deletes a job, in any state. A job reserved by this caller is deleted only while its reservation holds
     * ({@link ReservationLostException} otherwise); a job reserved by another worker cannot be deleted.
     */
    public void delete(Job job) {
        check(backend.delete(new DeleteRequest(List.of(ref(job)))).get(0), job.id(), "delete");
    }

    /** Deletes a job by id, unless another worker holds it reserved. */
    public void delete(long jobId) {
        check(backend.delete(new DeleteRequest(List.of(new JobRef(checkId(jobId), Job.NO_RESERVATION)))).get(0),
                jobId, "delete");
    }

    /**
     * Deletes many jobs in one round trip; returns how many were deleted. A job already gone or whose
     * reservation expired is left out of the count, not thrown for.
     */
    public int deleteAll(Collection<Job> jobs) {
        return (int) deleteEach(jobs).stream().filter(o -> o == Outcome.DONE).count();
    }

    /**
     * Deletes many jobs in one round trip and says what happened to each, in the order given: {@link
     * Outcome#DONE}, {@link Outcome#NOT_FOUND} (already gone), or {@link Outcome#RESERVATION_LOST} (the
     * reservation expired or another worker holds the job; it was not deleted). Nothing is thrown for a job.
     */
    public List<Outcome> deleteEach(Collection<Job> jobs) {
        if (jobs == null) {
            throw new InvalidInputException("jobs must not be null");
        }
        List<JobRef> refs = jobs.stream().map(JobQueue::ref).toList();
        if (refs.isEmpty()) {
            return List.of();
        }
        return backend.delete(new DeleteRequest(refs));
    }

    /** Gives a reserved job back, ready at once with its priority. */
    public void release(Job job) {
        release(job, checkJob(job).priority(), Duration.ZERO);
    }

    /** Gives a reserved job back with a new priority, ready after {@code delay}. */
    public void release(Job job, long priority, Duration delay) {
        ReleaseRequest request = new ReleaseRequest(reservedRef(job, "release"), JobOptions.checkPriority(priority),
                JobOptions.checkDelay(delay));
        check(backend.release(request), job.id(), "release");
    }

    /** Buries a reserved job with its priority: it stays aside until kicked. */
    public void bury(Job job) {
        bury(job, checkJob(job).priority(), null);
    }

    public void bury(Job job, long priority) {
        bury(job, priority, null);
    }

    /** Buries a reserved job, recording {@code reason} (for example the error) where the backend can. */
    public void bury(Job job, long priority, String reason) {
        BuryRequest request = new BuryRequest(reservedRef(job, "bury"), JobOptions.checkPriority(priority), reason);
        check(backend.bury(request), job.id(), "bury");
    }

    /** Renews the reservation of a job for another TTR. */
    public void touch(Job job) {
        check(backend.touch(new TouchRequest(reservedRef(job, "touch"))), job.id(), "touch");
    }

    /** Makes a buried or delayed job ready. */
    public void kick(Job job) {
        kick(ref(job).id());
    }

    public void kick(long jobId) {
        check(backend.kickJob(new KickJobRequest(checkId(jobId))), jobId, "kick");
    }

    /** Kicks up to {@code max} jobs of {@code pipeline}: its buried jobs, or if none, its delayed ones. */
    public int kick(String pipeline, int max) {
        if (max < 0) {
            throw new InvalidInputException("kick bound must be zero or positive, got " + max);
        }
        return max == 0 ? 0 : backend.kick(new KickRequest(PipelineNames.check(pipeline), max));
    }

    // ---- reading ------------------------------------------------------------------------------------------

    /** Reads a job by id in any state without reserving it. */
    public Optional<Job> peek(long jobId) {
        return backend.peek(new PeekRequest(checkId(jobId)));
    }

    /** The job a reserve on the selected pipeline would take next. */
    public Optional<Job> peekReady() {
        return backend.peek(new PeekStateRequest(selected, JobState.READY));
    }

    /** The delayed job of the selected pipeline that becomes ready first. */
    public Optional<Job> peekDelayed() {
        return backend.peek(new PeekStateRequest(selected, JobState.DELAYED));
    }

    /** The buried job of the selected pipeline that was buried first. */
    public Optional<Job> getNextBuriedJob() {
        return backend.peek(new PeekStateRequest(selected, JobState.BURIED));
    }

    /**
     * Lists, without reserving them, up to {@code limit} jobs of {@code pipeline} in {@code state}, in id order
     * (the order they were added), starting after the job with id {@code afterId}: pass {@code 0} for the first
     * page, then the last id of a page for the next one. Id order, not the order jobs leave the state, keeps the
     * pages stable while jobs come and go: a job is never listed twice and none that stays in the state is skipped.
     * Each job is read as it was at the moment of the call; a reserved job is listed as a peek (it cannot be given
     * back through the listing). Needs a backend with {@link Capability#LIST_BY_STATE}.
     *
     * @throws InvalidInputException for an illegal pipeline name, a null state, a negative {@code afterId}, a
     *     {@code limit} outside 1 to {@value #MAX_LIST_LIMIT}, or a backend without the capability
     */
    public List<Job> listJobs(String pipeline, JobState state, long afterId, int limit) {
        PipelineNames.check(pipeline);
        if (state == null) {
            throw new InvalidInputException("state must not be null: one of READY, DELAYED, RESERVED, BURIED");
        }
        if (afterId < 0) {
            throw new InvalidInputException("afterId must be zero (the first page) or a job id, got " + afterId);
        }
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw new InvalidInputException("limit must be from 1 to " + MAX_LIST_LIMIT + ", got " + limit);
        }
        requireCapability(Capability.LIST_BY_STATE, "list jobs by state");
        return backend.listJobs(new ListJobsRequest(pipeline, state, afterId, limit));
    }

    public long getReadyCount() {
        return stats().ready();
    }

    public long getReadyCount(String pipeline) {
        return stats(pipeline).ready();
    }

    public long getBuriedCount() {
        return stats().buried();
    }

    public long getBuriedCount(String pipeline) {
        return stats(pipeline).buried();
    }

    /** Counts per state of the selected pipeline. */
    public PipelineStats stats() {
        return backend.stats(new StatsRequest(selected));
    }

    public PipelineStats stats(String pipeline) {
        return backend.stats(new StatsRequest(PipelineNames.check(pipeline)));
    }

    /** Pipelines that hold at least one job. */
    public List<String> listPipelines() {
        return backend.pipelines();
    }

    public Set<Capability> capabilities() {
        return backend.capabilities();
    }

    public QueueSettings settings() {
        return settings;
    }

    /**
     * The largest payload, in bytes, that an add accepts here: the lower of {@link QueueSettings#maxPayloadBytes()}
     * and the backend's own limit (beanstalkd's {@code max-job-size}, say). Lets a caller check a whole batch before
     * adding any of it.
     */
    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** Closes the backend shared by this queue and every view of it. */
    @Override
    public void close() {
        backend.close();
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static Job checkJob(Job job) {
        if (job == null) {
            throw new InvalidInputException("job must not be null");
        }
        return job;
    }

    private static JobRef ref(Job job) {
        return JobRef.of(checkJob(job));
    }

    private static JobRef reservedRef(Job job, String operation) {
        JobRef ref = ref(job);
        if (!ref.reserved()) {
            throw new InvalidInputException("cannot " + operation + " job " + job.id()
                    + ": it was peeked, not reserved; only a reserved job can be given back");
        }
        return ref;
    }

    private static long checkId(long jobId) {
        if (jobId <= 0) {
            throw new InvalidInputException("job id must be positive, got " + jobId);
        }
        return jobId;
    }

    private static void check(Outcome outcome, long jobId, String operation) {
        switch (outcome) {
            case DONE -> { }
            case NOT_FOUND -> throw new NoSuchJobException(jobId, "cannot " + operation + " job " + jobId
                    + ": no such job in a state that allows it");
            case RESERVATION_LOST -> throw new ReservationLostException(jobId, "cannot " + operation + " job " + jobId
                    + ": the reservation expired or another worker holds the job; nothing changed");
        }
    }
}
