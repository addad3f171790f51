package io.jobqueue.dashboard;

import io.jobqueue.Capability;
import io.jobqueue.InvalidInputException;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.NoSuchJobException;
import io.jobqueue.PipelineLimits;
import io.jobqueue.PipelineStats;
import io.jobqueue.ReservationLostException;
import io.jobqueue.Schedule;
import io.jobqueue.WorkerRecord;
import io.jobqueue.tasks.Task;
import io.jobqueue.tasks.TaskManager;
import io.jobqueue.tasks.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.jobqueue.tasks.TaskQuery;

/**
 * What the API and the pages do with the queue and the tasks, with the checks that turn a request into the
 * right error: an unknown id is 404, a wrong state 409, a capability the backend lacks 501.
 */
final class Operations {
    private final JobQueue queue;
    private final TaskManager tasks;
    private final Clock clock;
    private final Throughput throughput;
    private final Duration sampleInterval;

    /** {@code throughput} is what the sampler records every {@code sampleInterval} (unused without a registry). */
    Operations(JobQueue queue, TaskManager tasks, Clock clock, Throughput throughput, Duration sampleInterval) {
        this.queue = queue;
        this.tasks = tasks;
        this.clock = clock;
        this.throughput = throughput;
        this.sampleInterval = sampleInterval;
    }

    /** Now, by the dashboard's clock: what "seen 3 s ago" is measured from. */
    Instant now() {
        return clock.instant();
    }

    // ---- pipelines and jobs ------------------------------------------------------------------------------

    List<PipelineStats> pipelines() {
        List<PipelineStats> all = new ArrayList<>();
        for (String name : queue.listPipelines()) {
            all.add(queue.stats(name));
        }
        return all;
    }

    PipelineStats pipeline(String name) {
        return queue.stats(name);
    }

    boolean canPeek() {
        return queue.capabilities().contains(Capability.PEEK);
    }

    /**
     * The jobs of a pipeline in a state that this backend can show: the queue API reads only the next one of
     * each state (a peek), so this is at most one job.
     */
    Optional<Job> next(String pipeline, JobState state) {
        require(Capability.PEEK, "read jobs without reserving them");
        JobQueue view = queue.selectPipeline(pipeline);
        return switch (state) {
            case READY -> view.peekReady();
            case DELAYED -> view.peekDelayed();
            case BURIED -> view.getNextBuriedJob();
            case RESERVED -> throw ApiError.badRequest("reserved jobs cannot be peeked: a worker holds them");
        };
    }

    boolean canList() {
        return queue.capabilities().contains(Capability.LIST_BY_STATE);
    }

    /** One page of a state's jobs in id order, and the id the next page starts after (null on the last page). */
    record JobsPage(List<Job> jobs, Long nextAfter) {}

    /**
     * Up to {@code limit} jobs of a pipeline in a state, after the job with id {@code after}. Asks for one more
     * than it shows to know whether another page follows, except at the queue's largest page.
     */
    JobsPage list(String pipeline, JobState state, long after, int limit) {
        require(Capability.LIST_BY_STATE, "list the jobs of a state");
        if (limit < 1 || limit > JobQueue.MAX_LIST_LIMIT) {
            throw ApiError.badRequest("limit must be from 1 to " + JobQueue.MAX_LIST_LIMIT + ", got " + limit);
        }
        int ask = Math.min(limit + 1, JobQueue.MAX_LIST_LIMIT);
        List<Job> jobs = queue.listJobs(pipeline, state, after, ask);
        boolean more = jobs.size() > limit || (ask == limit && jobs.size() == limit);
        List<Job> shown = jobs.size() > limit ? jobs.subList(0, limit) : jobs;
        return new JobsPage(List.copyOf(shown), more ? shown.get(shown.size() - 1).id() : null);
    }

    Job job(long id) {
        require(Capability.PEEK, "read jobs without reserving them");
        return queue.peek(checkId(id)).orElseThrow(() -> ApiError.notFound("no job " + id));
    }

    /** Makes a buried or delayed job ready; returns it as it is then. */
    Job kick(long id) {
        require(Capability.KICK_BY_ID, "kick one job by its id");
        Job job = job(id);
        if (job.state() != JobState.BURIED && job.state() != JobState.DELAYED) {
            throw ApiError.conflict("job " + id + " is " + job.state() + "; only a buried or delayed job can be kicked");
        }
        try {
            queue.kick(id);
        } catch (NoSuchJobException e) {
            throw ApiError.conflict("job " + id + " changed state meanwhile and was not kicked");
        }
        return queue.peek(id).orElse(job);
    }

    void delete(long id) {
        require(Capability.DELETE_BY_ID, "delete a job by its id");
        Job job = job(id);
        if (job.state() == JobState.RESERVED) {
            throw ApiError.conflict("job " + id + " is reserved by a worker; it can be deleted once it is not");
        }
        try {
            queue.delete(id);
        } catch (ReservationLostException e) {
            throw ApiError.conflict("job " + id + " was reserved by a worker meanwhile; nothing changed");
        } catch (NoSuchJobException e) {
            throw ApiError.notFound("no job " + id);
        }
    }

    boolean canPause() {
        return queue.capabilities().contains(Capability.PAUSE);
    }

    /** Whether reserves skip the pipeline; false on a backend that cannot pause. */
    boolean paused(String pipeline) {
        return queue.isPaused(pipeline);
    }

    /** Pauses or resumes a pipeline (doing so twice changes nothing); returns whether it is paused now. */
    boolean pause(String pipeline, boolean pause) {
        require(Capability.PAUSE, (pause ? "pause" : "resume") + " a pipeline");
        if (pause) {
            queue.pause(pipeline);
        } else {
            queue.resume(pipeline);
        }
        return queue.isPaused(pipeline);
    }

    /** The pipeline's limits, or null on a backend without {@link Capability#PIPELINE_LIMITS}. */
    PipelineLimits limits(String pipeline) {
        return queue.capabilities().contains(Capability.PIPELINE_LIMITS) ? queue.limits(pipeline) : null;
    }

    // ---- schedules ----------------------------------------------------------------------------------------

    boolean canListSchedules() {
        return queue.capabilities().contains(Capability.SCHEDULES);
    }

    /** Every recurring job, in name order (one read of the backend). */
    List<Schedule> schedules() {
        require(Capability.SCHEDULES, NO_SCHEDULES);
        return queue.listSchedules();
    }

    /** What a backend without schedules cannot do, in the words of the 501 and the overview's note. */
    static final String NO_SCHEDULES = "hold recurring jobs (schedules)";

    // ---- workers ------------------------------------------------------------------------------------------

    boolean canListWorkers() {
        return queue.capabilities().contains(Capability.WORKER_REGISTRY);
    }

    /** The worker processes the runtime records, alive first (one read of the registry). */
    List<WorkerRecord> workers() {
        require(Capability.WORKER_REGISTRY, NO_WORKERS);
        return queue.listWorkers();
    }

    /** Jobs succeeded and failed per minute over the last hour, from memory: no query to the backend. */
    Throughput.History throughput() {
        require(Capability.WORKER_REGISTRY, NO_THROUGHPUT);
        return throughput.history();
    }

    /** How often the registry is sampled for {@link #throughput()}. */
    Duration sampleInterval() {
        return sampleInterval;
    }

    static final String NO_THROUGHPUT = "chart throughput: it is derived from the workers' heartbeats, which this"
            + " backend cannot hold";

    /** What a backend without a worker registry cannot do, in the words of the 501 and the overview's note. */
    static final String NO_WORKERS = "list worker processes: its workers record no heartbeats";

    /** Kicks up to {@code max} jobs of a pipeline: its buried jobs, or if none, its delayed ones. */
    int kick(String pipeline, int max) {
        if (max < 1 || max > 1_000_000) {
            throw ApiError.badRequest("max must be between 1 and 1000000, got " + max);
        }
        return queue.kick(pipeline, max);
    }

    private void require(Capability capability, String what) {
        if (!queue.capabilities().contains(capability)) {
            throw new ApiError(501, lacking(capability, what));
        }
    }

    /** Why an operation is refused on this backend: what it cannot do and the capability it lacks. */
    static String lacking(Capability capability, String what) {
        return "this backend cannot " + what + " (no " + capability + " capability)";
    }

    private static long checkId(long id) {
        if (id <= 0) {
            throw ApiError.badRequest("a job id is positive, got " + id);
        }
        return id;
    }

    // ---- tasks -------------------------------------------------------------------------------------------

    List<String> definitions() {
        return tasks.definitionNames();
    }

    Task create(String name, Object params) {
        if (name == null || name.isBlank()) {
            throw ApiError.badRequest("name is required: one of " + definitions());
        }
        if (!definitions().contains(name)) {
            throw ApiError.badRequest("no task definition named '" + name + "' is registered; registered: "
                    + definitions());
        }
        return tasks.queue(name, params);
    }

    Task task(long id) {
        return tasks.findTask(id).orElseThrow(() -> ApiError.notFound("no task " + id));
    }

    List<Task> list(TaskQuery query) {
        return tasks.list(query);
    }

    long count(TaskQuery query) {
        return tasks.count(query);
    }

    Task cancel(long id) {
        Task task = task(id);
        if (task.status().isFinished() || !tasks.cancel(id)) {
            throw ApiError.conflict("task " + id + " is " + tasks.getTask(id).status()
                    + "; only a task that has not finished can be cancelled");
        }
        return tasks.getTask(id);
    }

    Task retry(long id) {
        Task task = task(id);
        if (task.status() != TaskStatus.FAILED) {
            throw ApiError.conflict("task " + id + " is " + task.status() + "; only a failed task can be retried");
        }
        try {
            return tasks.retry(id);
        } catch (InvalidInputException e) {
            throw ApiError.conflict(e.getMessage());
        }
    }

    /** Top-level tasks per status. */
    Map<TaskStatus, Long> taskCounts() {
        Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
        for (TaskStatus status : TaskStatus.values()) {
            counts.put(status, tasks.count(TaskQuery.all().withStatus(status)));
        }
        return counts;
    }

    TaskManager tasks() {
        return tasks;
    }

    JobQueue queue() {
        return queue;
    }
}
